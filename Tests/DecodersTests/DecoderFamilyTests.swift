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

    static func check(_ arch: String, layers: Int, heads: Int, kvHeads: Int) throws {
        let (folder, runs) = try HuggingFace.model(arch, Self.texts)
        #expect(runs.count == Self.texts.count)
        guard case .decoder(let model) = try ModelLoader.load(folder).get() else {
            Issue.record("\(arch) did not load as a decoder")
            return
        }
        #expect(model.config.layers == layers && model.config.heads == heads && model.config.kvHeads == kvHeads)
        for (text, run) in zip(Self.texts, runs) {
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

    @Test("llama: GQA 3:1, rope_theta 5000, untied output, Q/K rows reordered for RoPE")
    func llama() throws { try Self.check("llama", layers: 5, heads: 3, kvHeads: 1) }

    @Test("GPT-2: Conv1D weights transposed, learned positions, LayerNorm and biases, tanh GELU, tied output")
    func gpt2() throws { try Self.check("gpt2", layers: 5, heads: 3, kvHeads: 3) }

    @Test("llama stored as BF16, tied: embedding and output read in place, projections packed")
    func llamaBF16() throws { try Self.check("llama-bf16", layers: 2, heads: 4, kvHeads: 2) }

    @Test("llama: tied output, no GQA")
    func llamaTied() throws { try Self.check("llama-tied", layers: 2, heads: 4, kvHeads: 4) }
}
