import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Issue 30's weights that gave garbage with exit 0 or a trap: a NaN in any tensor kind is
/// refused at load by name and row; an id past the tokenizer's pieces is still writable.
@Suite("Hostile weights")
struct HostileWeightsTests {
    @Test(
        "one NaN in a GGUF tensor of any kind (Q8_0, Q4_1, F16 rows, embedding included) is refused at load",
        arguments: [
            "token_embd.weight", "output.weight", "blk.0.attn_q.weight", "blk.1.attn_k.weight", "blk.0.attn_v.weight",
        ]
    )
    func ggufNaN(_ tensor: String) throws {
        let path = try Decoders.tiny(["nan=\(tensor)"])
        switch GGUFModelFile.load(path) {
        case .success: Issue.record("\(tensor) with a NaN loaded")
        case .failure(let e):
            #expect(e.description.contains("'\(tensor)'") && e.description.contains("not finite"), "\(e)")
            #expect(e.description.contains("row 5"), "\(e)")
        }
        // The same file without the NaN opens.
        #expect((try? GGUFModelFile.load(try Decoders.tiny()).get()) != nil)
    }

    @Test("a NaN in a safetensors word-embedding table is refused at load, in F32, F16 and BF16")
    func safetensorsNaN() throws {
        for dtype in [TensorDType.f32, .f16, .bf16] {
            var bert = TinyBert()
            bert.dtype = dtype
            var tensors = bert.tensors()
            let i = try #require(tensors.firstIndex { $0.name == "embeddings.word_embeddings.weight" })
            tensors[i].values[3 * bert.hidden + 1] = .nan
            let bytes = TinyBert.safetensors(tensors, dtype: dtype)
            do {
                _ = try EncoderModel(
                    name: "t", config: bert.configJSON(), vocabulary: TinyBert.vocabText, tokenizerConfig: nil,
                    weights: ModelBytes(copying: bytes))
                Issue.record("\(dtype): a NaN embedding loaded")
            } catch {
                #expect(
                    error.description.contains("word_embeddings") && error.description.contains("row 3"), "\(error)")
            }
        }
    }

    @Test("a decoder whose embedding has more rows than its tokenizer has pieces writes every id it can pick")
    func paddedVocabulary() throws {
        let (folder, _) = try HuggingFace.model("llama-padded", ["x"])
        guard case .decoder(let model) = try ModelLoader.load(folder).get() else {
            Issue.record("llama-padded did not load as a decoder")
            return
        }
        let pieces = model.tokenizer.count
        #expect(model.config.vocabSize == pieces + 13)
        var stream = TextStream()
        var written = ""
        for id in 0..<model.config.vocabSize {
            #expect(!model.tokenizer.bytes(id).isEmpty, "id \(id)")
            #expect(!model.tokenizer.readable(id).isEmpty, "id \(id)")
            written += stream.add(model.tokenizer.bytes(id))
        }
        written += stream.finish()
        #expect(written.hasSuffix("<id \(model.config.vocabSize - 1)>"), "\(written.suffix(40))")
        #expect(model.tokenizer.readable(pieces + 2) == "<id \(pieces + 2)>")
        #expect(stream.add([]).isEmpty)
    }
}
