import AppShell
import AttentionCore
import Exports
import SDLBackend
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// Benchmark harness: prints one JSON object per line; bench/run_bench.py compares and reports.
///
///   attnviz-bench engine N D H REPS   forward pass on random X, W (float32)
///   attnviz-bench frame N H W H REPS  reduce + scene + software raster, settled and morphing
///   attnviz-bench peak                fused multiply-add throughput of this machine (both cores)
///   attnviz-bench gemm-packed M N K REPS   A·B with B packed once (a model's weights)
///   attnviz-bench gemm-efficiency M N K ROUNDS   that product's share of the FMA peak, rounds interleaved
///   attnviz-bench model DIR N REPS    a BERT folder's forward at N word pieces
///   attnviz-bench model-keystroke DIR N REPS   keystroke → model answered → model view drawn
///   attnviz-bench model-frames DIR N REQUESTS  frames drawn while the worker computes
///   attnviz-bench decoder F.gguf N REPS         a GGUF decoder's prompt forward at N tokens
///   attnviz-bench decoder-generate F.gguf N STEPS REPS   tokens/s over the cache after N
///   attnviz-bench qmul TYPE ROWS COLS REPS   one token against random TYPE rows (a diagnostic)

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func maxRSSBytes() -> Int {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Int(u.ru_maxrss) * 1024
}

func randomMatrix(_ rows: Int, _ cols: Int, _ g: inout SplitMix64, scale: Float = 1) -> Matrix {
    Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { _ in g.nextSigned() * scale })
}

func engine(n: Int, d: Int, heads: Int, reps: Int) {
    var g = SplitMix64(seed: 1)
    let x = randomMatrix(n, d, &g)
    let s = 1 / Float(d).squareRoot()
    let p = Projections(
        wq: randomMatrix(d, d, &g, scale: s), wk: randomMatrix(d, d, &g, scale: s),
        wv: randomMatrix(d, d, &g, scale: s), wo: randomMatrix(d, d, &g, scale: s))
    let settings = AttentionSettings(dModel: d, heads: heads, seed: 1, mask: .none, positional: false)
    let tokens = (0..<n).map { "t\($0)" }
    var times: [Double] = []
    var checksum: Float = 0
    // One untimed warm-up: page faults and thread start-up are not the steady state.
    checksum +=
        AttentionEngine.forward(tokens: tokens, mode: .words, x: x, projections: p, settings: settings).output.storage[
            0]
    for _ in 0..<reps {
        let t0 = now()
        let t = AttentionEngine.forward(tokens: tokens, mode: .words, x: x, projections: p, settings: settings)
        times.append(now() - t0)
        checksum += t.output.storage[0]
    }
    print(
        "{\"kind\": \"engine\", \"n\": \(n), \"d\": \(d), \"heads\": \(heads), \"reps\": \(reps), \"median_s\": \(median(times)), \"min_s\": \(times.min() ?? 0), \"max_rss\": \(maxRSSBytes()), \"checksum\": \(checksum.isFinite)}"
    )
}

func frame(n: Int, heads: Int, width: Int, height: Int, reps: Int) {
    let words = ["the", "cat", "sat", "on", "mat", "because", "it", "was", "tired", "and", "warm", "sun"]
    let text = (0..<n).map { words[$0 % words.count] + "\($0 / words.count)" }.joined(separator: " ")
    let settings = AttentionSettings(dModel: 64, heads: heads, seed: 42, mask: .none, positional: false)
    var state = AppState(input: text, settings: settings, viewport: Size(Float(width), Float(height)))
    _ = reduce(&state, .tick(seconds: 10))
    guard case .success(let font) = FontLocator.locate(explicit: nil),
        let r = try? HeadlessRenderer(width: width, height: height, fontPath: font)
    else {
        print("{\"kind\": \"frame\", \"error\": \"no font or renderer\"}")
        return
    }
    func measure(_ setup: (inout AppState) -> Void) -> Double {
        var times: [Double] = []
        for i in 0..<(reps + 2) {
            var s = state
            setup(&s)
            let t0 = now()
            _ = reduce(&s, .tick(seconds: 1.0 / 60))
            _ = reduce(&s, .pointerMoved(x: Float(width) * 0.2, y: Float(height) * 0.5))
            let px = r.render(scene(s))
            let dt = now() - t0
            if px.isEmpty { print("empty frame") }
            if i >= 2 { times.append(dt) }
        }
        return median(times)
    }
    let settled = measure { _ in }
    // Mid-morph: a seed change 0.1 s ago, so every cell is being blended.
    let morphing = measure { s in
        _ = reduce(&s, .keyPressed(.right, []))
        _ = reduce(&s, .tick(seconds: 0.1))
    }
    print(
        "{\"kind\": \"frame\", \"n\": \(n), \"heads\": \(heads), \"width\": \(width), \"height\": \(height), \"reps\": \(reps), \"settled_s\": \(settled), \"morphing_s\": \(morphing)}"
    )
}

// The same allocator settings as the attnviz executable: the benchmark measures the product.
AllocatorTuning.apply()
let args = CommandLine.arguments.dropFirst().map { $0 }
func int(_ i: Int, _ fallback: Int) -> Int { i < args.count ? Int(args[i]) ?? fallback : fallback }
switch args.first {
case "engine": engine(n: int(1, 128), d: int(2, 64), heads: int(3, 8), reps: int(4, 20))
case "frame": frame(n: int(1, 32), heads: int(2, 8), width: int(3, 1280), height: int(4, 720), reps: int(5, 30))
case "peak": GemmBench.printPeak()
case "model":
    ModelBench.forward(dir: args.count > 1 ? args[1] : "models/all-MiniLM-L6-v2", n: int(2, 16), reps: int(3, 30))
case "decoder":
    DecoderBench.prompt(
        path: args.count > 1 ? args[1] : "models/SmolLM2-135M-Instruct.Q4_1.gguf", n: int(2, 64), reps: int(3, 10))
case "qmul":
    QMul.run(type: args.count > 1 ? args[1] : "q4_k", rows: int(2, 2048), cols: int(3, 2048), reps: int(4, 100))
case "decoder-generate":
    DecoderBench.generate(
        path: args.count > 1 ? args[1] : "models/SmolLM2-135M-Instruct.Q4_1.gguf", context: int(2, 64),
        steps: int(3, 32),
        reps: int(4, 3))
case "model-keystroke":
    ModelBench.keystroke(dir: args.count > 1 ? args[1] : "models/all-MiniLM-L6-v2", n: int(2, 16), reps: int(3, 30))
case "model-frames":
    ModelBench.framesWhileComputing(
        dir: args.count > 1 ? args[1] : "models/all-MiniLM-L6-v2", n: int(2, 128), requests: int(3, 10))
case "overview":
    // A long input's pooled overview (what the window shows first while typing), and the full
    // forward it replaces on the critical path, side by side.
    let n = int(1, 2048)
    let reps = int(2, 10)
    let tokenization =
        (try? Tokenizer.tokenize((0..<n).map { "w\($0 % 97)" }.joined(separator: " "), mode: .words).get())!
    let f = DisplayFrame.poolFactor(n)
    var tp: [Double] = []
    var tf: [Double] = []
    for _ in 0..<reps {
        var t0 = now()
        _ = AttentionEngine.pooled(tokenization: tokenization, settings: .lecture, pool: f)
        tp.append(now() - t0)
        t0 = now()
        if case .success(let t) = AttentionEngine.run(tokenization: tokenization, settings: .lecture) {
            _ = DisplayFrame(trace: t)
        }
        tf.append(now() - t0)
    }
    print(
        "{\"kind\": \"overview\", \"n\": \(n), \"overview_median_s\": \(median(tp)), \"full_median_s\": \(median(tf))}")
case "record":
    // attnviz record's inner loop: tick, scene, software raster, BMP encode and write, per frame.
    let n = int(1, 32)
    let width = int(2, 1920)
    let height = int(3, 1080)
    let frames = int(4, 120)
    var state = AppState(
        input: (0..<n).map { "w\($0)" }.joined(separator: " "), viewport: Size(Float(width), Float(height)),
        theme: .projector)
    state.input.showsCaret = false
    _ = reduce(&state, .tick(seconds: 10))
    guard case .success(let font) = FontLocator.locate(explicit: nil),
        let r = try? HeadlessRenderer(width: width, height: height, fontPath: font)
    else {
        print("{\"kind\": \"record\", \"error\": \"no font or renderer\"}")
        break
    }
    let path = "/tmp/attnviz-bench-record-\(getpid()).bmp"
    // A seed change every second: frames keep morphing, as a lecture's do.
    let t0 = now()
    for f in 0..<frames {
        if f % 30 == 0 { _ = reduce(&state, .keyPressed(.right, [])) }
        _ = reduce(&state, .tick(seconds: 1.0 / 30))
        let px = r.render(state)
        try? BMPFile.writeAtomically(BMPFile.encode(argb: px, width: width, height: height), to: path, what: "frame")
    }
    let dt = now() - t0
    unlink(path)
    print(
        "{\"kind\": \"record\", \"n\": \(n), \"width\": \(width), \"height\": \(height), \"frames\": \(frames), \"fps\": \(Double(frames) / dt)}"
    )
case "svg":
    // SVG export of a heatmaps frame: time and size.
    let n = int(1, 32)
    let reps = int(2, 10)
    var state = AppState(
        input: (0..<n).map { "w\($0)" }.joined(separator: " "), viewport: Size(1920, 1080), theme: .projector)
    _ = reduce(&state, .tick(seconds: 10))
    var times: [Double] = []
    var bytes = 0
    for _ in 0..<reps {
        let t0 = now()
        let svg = SVGWriter.document(scene(state), width: 1920, height: 1080, text: state.textWidths)
        times.append(now() - t0)
        bytes = svg.utf8.count
    }
    print("{\"kind\": \"svg\", \"n\": \(n), \"median_s\": \(median(times)), \"bytes\": \(bytes)}")
case "keystroke":
    // Typing one character into a long sequence at the lecture defaults: engine + display frame.
    let n = int(1, 2048)
    let reps = int(2, 20)
    var state = AppState(input: (0..<n).map { "w\($0 % 97)" }.joined(separator: " "))
    _ = reduce(&state, .tick(seconds: 10))
    var times: [Double] = []
    for i in 0..<reps {
        let t0 = now()
        _ = reduce(&state, i % 2 == 0 ? .textTyped("x") : .keyPressed(.backspace, []))
        _ = scene(state)
        times.append(now() - t0)
    }
    print("{\"kind\": \"keystroke\", \"n\": \(n), \"median_s\": \(median(times))}")
case "gemm": GemmBench.unpacked(m: int(1, 2048), n: int(2, 512), k: int(3, 512), reps: int(4, 10))
case "gemm-packed": GemmBench.packed(m: int(1, 512), n: int(2, 1152), k: int(3, 384), reps: int(4, 20))
case "gemm-efficiency": GemmBench.efficiency(m: int(1, 512), n: int(2, 1152), k: int(3, 384), rounds: int(4, 15))
default:
    print("usage: attnviz-bench engine N D H REPS | frame N HEADS W H REPS | peak")
    exit(2)
}
