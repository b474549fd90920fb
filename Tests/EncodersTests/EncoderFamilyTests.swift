import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Every encoder family against transformers + CPU torch with output_attentions=True, on
/// random-weight models of odd sizes (d_model 48, 3 heads, 5 layers) that the test builds, each
/// saved as a Hugging Face folder with a tokenizer.json trained beside it.
@Suite("Encoder families against transformers")
struct EncoderFamilyTests {
    static let texts = [
        "the cat sat on the mat", "Café déjà vu, naïve résumé!", "猫が好き 👩‍💻 1234", "hello ||| world again",
        "x",
    ]

    static func check(_ arch: String, family: EncoderFamily) throws {
        let (folder, runs) = try HuggingFace.model(arch, Self.texts)
        #expect(runs.count == Self.texts.count)
        let model = try ModelFolder.load(folder).get()
        #expect(model.config.family == family && model.config.layers == 5 && model.config.heads == 3)
        for (text, run) in zip(Self.texts, runs) {
            let e = try model.encode(text).get()
            #expect(e.ids == run.ids, "\(arch) ids: \(text)")
            guard e.ids == run.ids else { continue }
            let trace = model.forward(e, inspect: 0)
            let worst = HuggingFace.worstAttention(run.attentions) { trace.attentions[$0][$1] }
            #expect(run.attentions.count == 5 && worst < 1e-4, "\(arch) attention off by \(worst): \(text)")
            var hidden = 0.0
            for (t, row) in run.hidden.enumerated() {
                for (j, v) in row.enumerated() { hidden = max(hidden, abs(Double(trace.hidden[t, j]) - v)) }
            }
            #expect(!run.hidden.isEmpty && hidden < 1e-4, "\(arch) hidden state off by \(hidden): \(text)")
        }
    }

    @Test("BERT from tokenizer.json") func bert() throws { try Self.check("bert", family: .bert) }
    @Test("RoBERTa: byte-level BPE, positions from padding_idx + 1") func roberta() throws {
        try Self.check("roberta", family: .roberta)
    }
    @Test("XLM-RoBERTa: Unigram + Metaspace") func xlmRoberta() throws {
        try Self.check("xlm-roberta", family: .roberta)
    }
    @Test("ELECTRA: 20-wide embeddings projected to 48") func electra() throws {
        try Self.check("electra", family: .electra)
    }
    @Test("DistilBERT: its own tensor names, no token types") func distilbert() throws {
        try Self.check("distilbert", family: .distilbert)
    }
    @Test("MPNet: relative-position bias in every layer") func mpnet() throws {
        try Self.check("mpnet", family: .mpnet)
    }

    @Test("the buckets of MPNet's relative positions, at every edge")
    func buckets() {
        // Near distances are exact, far ones logarithmic, keys after the query in the upper half.
        #expect((0..<8).map { RelativePosition.bucket(-$0, buckets: 32) } == Array(0..<8))
        #expect((1..<8).map { RelativePosition.bucket($0, buckets: 32) } == Array(17..<24))
        #expect(RelativePosition.bucket(-1000, buckets: 32) == 15 && RelativePosition.bucket(1000, buckets: 32) == 31)
        #expect(RelativePosition.bucket(-12, buckets: 32) == 9 && RelativePosition.bucket(-16, buckets: 32) == 10)
    }
}
