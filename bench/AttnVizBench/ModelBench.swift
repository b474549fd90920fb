import AppShell
import AttentionCore
import Decoders
import Encoders
import ModelFormats
import ModelLoading
import SDLBackend
import Tokenizers
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// The trained-model benchmarks: the forward alone, a keystroke to a drawn model view, and
/// frames drawn while the worker computes.
enum ModelBench {
    static func load(_ dir: String) -> EncoderModel? {
        switch ModelFolder.load(dir) {
        case .success(let m): return m
        case .failure(let e):
            print("{\"kind\": \"model\", \"error\": \"\(e.description)\"}")
            return nil
        }
    }

    /// n word pieces: [CLS], n−2 ordinary ids, [SEP] (the forward's cost does not depend on which).
    static func encoding(_ n: Int) -> Encoding {
        var g = SplitMix64(seed: 1)
        let ids = (0..<n).map { i in i == 0 ? 101 : (i == n - 1 ? 102 : 1000 + Int(g.next() % 1000)) }
        return Encoding(tokens: ids.map(String.init), ids: ids, types: Array(repeating: 0, count: n), isPair: false)
    }

    /// Words that are one word piece each in BERT's uncased vocabulary.
    static func text(pieces n: Int) -> String {
        let words = ["the", "cat", "sat", "on", "mat", "because", "it", "was", "tired", "and", "warm"]
        return (0..<max(0, n - 2)).map { words[$0 % words.count] }.joined(separator: " ")
    }

    static func forward(dir: String, n: Int, reps: Int) {
        let t0 = now()
        guard let model = load(dir) else { return }
        let loadSeconds = now() - t0
        let rssLoaded = ProcessMemory.residentKiB() * 1024
        let e = encoding(n)
        _ = model.forward(e, inspect: 0)
        var times: [Double] = []
        for _ in 0..<reps {
            let t = now()
            let trace = model.forward(e, inspect: 0)
            times.append(now() - t)
            if !trace.hidden.storage[0].isFinite { print("nan") }
        }
        print(
            "{\"kind\": \"model\", \"n\": \(n), \"median_s\": \(median(times)), \"min_s\": \(times.min() ?? 0), \"load_s\": \(loadSeconds), "
                + "\"flops\": \(model.flops(tokens: n)), \"rss_loaded\": \(rssLoaded), \"max_rss\": \(maxRSSBytes()), "
                + "\"file_bytes\": \(fileSize(dir + "/model.safetensors"))}")
    }

    /// The model, a 1280×720 headless renderer and a settled model view of n word pieces.
    static func settledModelView(dir: String, pieces n: Int) -> (EncoderModel, HeadlessRenderer, AppState)? {
        guard let model = load(dir), case .success(let font) = FontLocator.locate(explicit: nil),
            let r = try? HeadlessRenderer(width: 1280, height: 720, fontPath: font)
        else { return nil }
        var state = AppState(input: text(pieces: n), view: .model, model: ModelSession(info: ModelInfo(model)))
        ModelRunner.settle(&state, model, effects: state.pendingEffects())
        _ = reduce(&state, .tick(seconds: 10))
        return (model, r, state)
    }

    /// One keystroke with the model answering inline: reduce, forward + views' preparation,
    /// reduce the answer, scene, software raster of the model view at 1280×720.
    static func keystroke(dir: String, n: Int, reps: Int) {
        guard let (model, r, settled) = settledModelView(dir: dir, pieces: n) else { return }
        var state = settled
        var total: [Double] = []
        var compute: [Double] = []
        for i in 0..<(reps + 2) {
            let t0 = now()
            let effects = reduce(&state, i % 2 == 0 ? .keyPressed(.backspace, []) : .textTyped("t"))
            let t1 = now()
            ModelRunner.settle(&state, model, effects: effects)
            let t2 = now()
            _ = reduce(&state, .tick(seconds: 1.0 / 60))
            let px = r.render(scene(state))
            let t3 = now()
            if px.isEmpty { print("empty") }
            if i >= 2 {
                total.append(t3 - t0)
                compute.append(t2 - t1)
            }
        }
        print(
            "{\"kind\": \"model-keystroke\", \"n\": \(state.trace?.tokenCount ?? 0), \"median_s\": \(median(total)), "
                + "\"compute_s\": \(median(compute))}")
    }

    /// Frames drawn on this thread while the worker computes forward passes at n tokens.
    static func framesWhileComputing(dir: String, n: Int, requests: Int) {
        guard let (model, r, settled) = settledModelView(dir: dir, pieces: n) else { return }
        var state = settled
        let worker = ComputeWorker(model: .encoder(model))
        var frames: [Double] = []
        var busyTime = 0.0
        for i in 0..<requests {
            for case .computeModel(let req) in reduce(
                &state, i % 2 == 0 ? .keyPressed(.backspace, []) : .textTyped("t"))
            {
                worker.submit(req)
            }
            let start = now()
            while worker.isBusy {
                let t0 = now()
                _ = reduce(&state, .tick(seconds: 1.0 / 60))
                _ = reduce(&state, .pointerMoved(x: 640, y: 360))
                _ = r.render(scene(state))
                frames.append(now() - t0)
            }
            busyTime += now() - start
            for a in worker.collect() { _ = reduce(&state, a) }
        }
        let sorted = frames.sorted()
        let p95 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        print(
            "{\"kind\": \"model-frames\", \"n\": \(state.trace?.tokenCount ?? 0), \"frames\": \(frames.count), "
                + "\"median_s\": \(frames.isEmpty ? 0 : median(frames)), \"p95_s\": \(p95), \"max_s\": \(sorted.last ?? 0), "
                + "\"compute_s\": \(busyTime / Double(max(1, requests)))}")
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}
