import AttentionCore
import Decoders
import Encoders
import ModelFormats
import ModelLoading
import Tokenizers

/// The decoder's benchmarks: a prompt forward with every attention map kept, and
/// generation over the key/value cache with every attention row kept.
enum DecoderBench {
    /// A .gguf file or a Hugging Face decoder folder (GPT-2, llama).
    static func load(_ path: String) -> DecoderModel? {
        switch ModelLoader.load(path) {
        case .success(.decoder(let m)): return m
        case .success(.encoder): print("{\"kind\": \"decoder\", \"error\": \"an encoder\"}")
        case .failure(let e): print("{\"kind\": \"decoder\", \"error\": \"\(e.description)\"}")
        }
        return nil
    }

    /// n ordinary token ids (the cost does not depend on which).
    static func ids(_ n: Int) -> [Int] {
        var g = SplitMix64(seed: 1)
        return (0..<n).map { _ in 100 + Int(g.next() % 40_000) }
    }

    static func prompt(path: String, n: Int, reps: Int) {
        let t0 = now()
        guard let model = load(path) else { return }
        let loadSeconds = now() - t0
        let input = ids(n)
        _ = model.forward(input)
        var times: [Double] = []
        for _ in 0..<reps {
            let t = now()
            let s = model.forward(input)
            times.append(now() - t)
            if !(s.logits.first?.isFinite ?? false) { print("nan") }
        }
        print(
            "{\"kind\": \"decoder-prompt\", \"n\": \(n), \"median_s\": \(median(times)), \"min_s\": \(times.min() ?? 0), "
                + "\"load_s\": \(loadSeconds), \"flops\": \(model.flops(tokens: n)), \"max_rss\": \(maxRSSBytes())}")
    }

    /// Tokens per second appending `steps` tokens one at a time after a context of n.
    static func generate(path: String, context n: Int, steps: Int, reps: Int) {
        guard let model = load(path) else { return }
        let start = model.forward(ids(n))
        var rates: [Double] = []
        for _ in 0..<reps {
            var s = start
            let t = now()
            for step in 0..<steps {
                model.append([NextToken.choose(s.logits, sampling: Sampling(), seed: 0, step: step)], to: &s)
            }
            rates.append(Double(steps) / (now() - t))
        }
        print(
            "{\"kind\": \"decoder-generate\", \"context\": \(n), \"steps\": \(steps), \"median_tps\": \(median(rates)), "
                + "\"max_tps\": \(rates.max() ?? 0), \"max_rss\": \(maxRSSBytes())}")
    }
}
