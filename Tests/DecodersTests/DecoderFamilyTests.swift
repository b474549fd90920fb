import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Hugging Face decoder folders against transformers + CPU torch: random-weight models of odd
/// sizes the test builds, run by the same block as the GGUF files.
@Suite("Decoder folders against transformers")
struct DecoderFamilyTests {
    static let texts = ["the cat sat on the mat", "Café déjà vu 👩‍💻 1234", "x"]

    /// `gguf`: also convert the folder with llama.cpp's converter and check the file the same way.
    static func check(
        _ arch: String, layers: Int, heads: Int, kvHeads: Int, gguf: Bool = false, texts: [String] = texts,
        inspect: (DecoderModel) throws -> Void = { _ in }
    ) throws {
        let (folder, runs) = try HuggingFace.model(arch, texts)
        #expect(runs.count == texts.count)
        var paths = [folder]
        if gguf { paths.append(try HuggingFace.converted(folder)) }
        for path in paths {
            guard case .decoder(let model) = try ModelLoader.load(path).get() else {
                Issue.record("\(arch) did not load as a decoder from \(path)")
                continue
            }
            #expect(model.config.layers == layers && model.config.heads == heads && model.config.kvHeads == kvHeads)
            try inspect(model)
            try check(
                model, arch + (path.hasSuffix(".gguf") ? " (GGUF)" : ""), texts, runs, layers: layers, heads: heads)
        }
    }

    static func check(
        _ model: DecoderModel, _ arch: String, _ texts: [String], _ runs: [HuggingFace.Run], layers: Int, heads: Int
    ) throws {
        for (text, run) in zip(texts, runs) {
            let ids = try model.encode(text).get()
            #expect(ids == run.ids, "\(arch) ids: \(text)")
            guard ids == run.ids else { continue }
            var s = model.forward(ids)
            let state = s
            let worst = HuggingFace.worstAttention(run.attentions) { state.attention(layer: $0, head: $1) }
            #expect(run.attentions.count == layers && worst < 1e-4, "\(arch) attention off by \(worst): \(text)")
            let logits = zip(s.logits, run.logits).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(s.logits.count == run.logits.count && logits < 1e-4, "\(arch) logits off by \(logits): \(text)")
            // Token by token over the cache: bit for bit the whole prompt's numbers.
            var stepped = model.start()
            for id in ids { model.append([id], to: &stepped) }
            #expect(stepped.logits == s.logits, "\(arch): one token at a time changed the logits")
            #expect(
                (0..<layers).allSatisfyNonEmpty { l in
                    (0..<heads).allSatisfyNonEmpty {
                        stepped.attention(layer: l, head: $0) == s.attention(layer: l, head: $0)
                    }
                }, "\(arch): one token at a time changed an attention row")
            var greedy: [Int] = []
            for _ in run.greedy.indices {
                let next = s.logits.indices.max { s.logits[$0] < s.logits[$1] } ?? 0
                greedy.append(next)
                model.append([next], to: &s)
            }
            #expect(greedy == run.greedy, "\(arch) greedy: \(text)")
        }
    }

    @Test("llama: GQA 3:1, rope_theta 5000, untied output, RoPE on transformers' rotate-half pairs")
    func llama() throws { try Self.check("llama", layers: 5, heads: 3, kvHeads: 1) }

    @Test("llama through llama.cpp's converter, which permutes Q and K rows into the adjacent pairs its files rotate")
    func llamaConverted() throws { try Self.check("llama-bytes", layers: 5, heads: 3, kvHeads: 1, gguf: true) }

    @Test("GPT-2: Conv1D weights transposed, learned positions, LayerNorm and biases, tanh GELU, tied output")
    func gpt2() throws { try Self.check("gpt2", layers: 5, heads: 3, kvHeads: 3) }

    @Test("llama stored as BF16, tied: embedding and output read in place, projections packed")
    func llamaBF16() throws { try Self.check("llama-bf16", layers: 2, heads: 4, kvHeads: 2) }

    @Test("llama: tied output, no GQA")
    func llamaTied() throws { try Self.check("llama-tied", layers: 2, heads: 4, kvHeads: 4) }

    @Test(
        "Llama 3.1's RoPE scaling (rope_type llama3): each pair's divisor as transformers computes it; folder and GGUF")
    func llama3Scaled() throws {
        try Self.check("llama3-scaled", layers: 2, heads: 4, kvHeads: 2, gguf: true) { model in
            let factors = model.weights.ropeFactors ?? model.config.ropeFactors ?? []
            #expect(factors.count == 8 && factors.first == 1 && factors.last == 8)
            #expect(factors.contains { $0 > 1 && $0 < 8 }, "a pair between the two wavelengths blends")
        }
    }

    @Test("Mistral: a sliding window of 4 over every layer, as transformers masks it")
    func mistral() throws {
        let long = "the cat sat on the mat and the dog sat on the log"
        try Self.check("mistral", layers: 2, heads: 4, kvHeads: 2, texts: Self.texts + [long]) { model in
            #expect(model.config.architecture == .mistral && model.config.slidingLayers == [true, true])
        }
    }

    @Test("Qwen 2: q/k/v biases, rotate-half RoPE, head size 12; the folder and llama.cpp's conversion of it")
    func qwen2() throws {
        try Self.check("qwen2", layers: 3, heads: 4, kvHeads: 2, gguf: true) { model in
            #expect(model.config.architecture == .qwen2 && model.weights.layers[0].biases?.q?.count == 48)
        }
    }

    @Test(
        "Qwen 2 with use_sliding_window: a window of 4 on the layers from max_window_layers on, as transformers masks it"
    )
    func qwen2Window() throws {
        let long = "the cat sat on the mat and the dog sat on the log"
        try Self.check("qwen2-window", layers: 3, heads: 4, kvHeads: 2, texts: Self.texts + [long]) { model in
            #expect(model.config.slidingWindow == 4 && model.config.slidingLayers == [false, true, true])
        }
    }

    @Test("Qwen 3: per-head q/k RMSNorm, a head size of 20 beside a hidden size of 48; folder and GGUF")
    func qwen3() throws {
        try Self.check("qwen3", layers: 3, heads: 4, kvHeads: 2, gguf: true) { model in
            #expect(model.config.headSize == 20 && model.config.attentionWidth == 80)
            #expect(model.weights.layers[0].queryNorm?.count == 20)
        }
    }

    @Test("Phi-3: fused q/k/v and gate/up matrices read in parts, rotate-half RoPE; folder and GGUF")
    func phi3() throws {
        try Self.check("phi3", layers: 3, heads: 4, kvHeads: 2, gguf: true) { model in
            #expect(model.config.architecture == .phi3 && model.weights.layers[0].gate?.rows == 80)
        }
    }

    @Test(
        "Phi-3 128k's LongRoPE: short factors and the attention factor on cos and sin; folder and GGUF, the context cut at the original"
    )
    func phi3LongRoPE() throws {
        try Self.check("phi3-longrope", layers: 2, heads: 4, kvHeads: 2, gguf: true) { model in
            let factors = model.weights.ropeFactors ?? model.config.ropeFactors ?? []
            #expect(factors == [1.0, 1.3, 2.0, 3.5, 5.0, 8.0])
            #expect(abs(model.config.ropeScale - Float((1 + log(2.0) / log(48.0)).squareRoot())) < 1e-6)
            #expect(model.config.contextLength == 48)
        }
    }

    @Test("Phi-4-mini's partial RoPE: the first half of each head turns, the rest passes; folder and GGUF")
    func phi3Partial() throws {
        try Self.check("phi3-partial", layers: 2, heads: 4, kvHeads: 2, gguf: true) { model in
            #expect(model.config.headSize == 12 && model.config.ropeDims == 6)
        }
    }

    @Test("Gemma 1: √d embedding, (1 + w) norms, GeGLU, one key/value head; folder and GGUF")
    func gemma() throws {
        try Self.check("gemma", layers: 3, heads: 4, kvHeads: 1, gguf: true) { model in
            #expect(model.config.gemma && model.weights.layers[0].postMLPNorm == nil)
        }
    }

    @Test("Gemma 2: soft-capped scores and logits, sandwich norms, a window of 4 on layers 0 and 2; folder and GGUF")
    func gemma2() throws {
        let long = "the cat sat on the mat and the dog sat on the log"
        try Self.check("gemma2", layers: 4, heads: 4, kvHeads: 2, gguf: true, texts: Self.texts + [long]) { model in
            let c = model.config
            #expect(c.attentionSoftcap == 5 && c.finalSoftcap == 3 && c.slidingLayers == [true, false, true, false])
            let s = model.forward(try model.encode(long).get())
            #expect(s.logits.allSatisfy { abs($0) <= 3 }, "the logits are capped at 3")
        }
    }

    @Test(
        "Gemma 3: √d embedding, sandwich norms, q/k norms, GeGLU, 4 heads over 1, a sliding window of 4; folder and GGUF"
    )
    func gemma3() throws {
        let long = "the cat sat on the mat and the dog sat on the log"
        try Self.check("gemma3", layers: 6, heads: 4, kvHeads: 1, gguf: true, texts: Self.texts + [long]) { model in
            let c = model.config
            #expect(c.gemma && c.slidingWindow == 4 && c.slidingLayers == [true, true, true, true, true, false])
            #expect(c.ropeBase == 1_000_000 && c.localRopeBase == 10_000)
            // The band: a sliding layer gives no weight to a key 4 or more tokens back; the global one does.
            let s = model.forward(try model.encode(long).get())
            let local = s.attention(layer: 0, head: 0)
            let global = s.attention(layer: 5, head: 0)
            let n = s.count
            #expect(n > 8)
            #expect((4..<n).allSatisfyNonEmpty { i in (0...(i - 4)).allSatisfyNonEmpty { local[i, $0] == 0 } })
            #expect((4..<n).contains { i in (0...(i - 4)).contains { global[i, $0] > 0 } })
        }
    }
}
