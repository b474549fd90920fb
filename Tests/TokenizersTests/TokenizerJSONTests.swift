import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// tokenizer.json pipelines against the `tokenizers` package itself: each kind of model's
/// tokenizer trained at test time, the same hostile strings through both.
@Suite("tokenizer.json")
struct TokenizerJSONTests {
    static let hostile =
        BPETests.hostile.filter { !$0.contains("<|") } + [
            "the cat ||| sat on the mat", "UNBELIEVABLE unbelievably", "[CLS] [MASK] <s> <mask> </s>",
            "naïve\u{00A0}space\u{2028}sep", "ＡＢＣ ﬁ ㎏ full-width", "", " ", "x" + String(repeating: "y", count: 120),
        ]

    static func check(_ kind: String) throws {
        let folder = try HuggingFace.tokenizer(kind)
        let json = try Data(contentsOf: URL(fileURLWithPath: folder + "/tokenizer.json"))
        let pipeline = try TokenizerPipeline(json: json)
        let reference = try HuggingFace.encode(folder, Self.hostile)
        #expect(reference.count == Self.hostile.count)
        for (text, ref) in zip(Self.hostile, reference) {
            let e = pipeline.encode(text)
            #expect(e.ids == ref.ids, "\(kind): \(text.debugDescription)")
            #expect(e.types == ref.types, "\(kind) types: \(text.debugDescription)")
        }
    }

    @Test("BERT: BertNormalizer, BertPreTokenizer, WordPiece, TemplateProcessing")
    func bert() throws { try Self.check("bert") }

    @Test("cased BERT: accents and case kept")
    func bertCased() throws { try Self.check("bert-cased") }

    @Test("NFD + StripAccents + Lowercase, Whitespace + Digits, BertProcessing")
    func whitespace() throws { try Self.check("whitespace") }

    @Test("RoBERTa: ByteLevel with a prefix space, RobertaProcessing")
    func roberta() throws { try Self.check("roberta") }

    @Test("GPT-2: ByteLevel without a prefix space, no special tokens")
    func gpt2() throws { try Self.check("gpt2") }

    @Test("Llama 3 style: Split with a regular expression, then ByteLevel")
    func split() throws { try Self.check("split") }

    @Test("Unigram with NFKC, Lowercase and Metaspace (XLM-R, T5 style), Viterbi")
    func unigram() throws { try Self.check("unigram") }

    @Test("Llama 2 style: Prepend + Replace, BPE with byte fallback and fused unknowns")
    func llama() throws { try Self.check("llama") }

    @Test("vocab.json + merges.txt alone give the ids tokenizer.json gives (RoBERTa's older folders)")
    func vocabAndMerges() throws {
        let folder = try HuggingFace.tokenizer("roberta")
        let pipeline = try TokenizerPipeline(
            vocabJSON: Data(contentsOf: URL(fileURLWithPath: folder + "/vocab.json")),
            merges: String(contentsOfFile: folder + "/merges.txt", encoding: .utf8), roberta: true, prefixSpace: true)
        let reference = try HuggingFace.encode(folder, Self.hostile)
        for (text, ref) in zip(Self.hostile, reference) {
            #expect(pipeline.encode(text).ids == ref.ids, "\(text.debugDescription)")
        }
    }

    @Test("pieces read as a lecturer needs them")
    func readable() throws {
        let roberta = try TokenizerPipeline(
            json: Data(contentsOf: URL(fileURLWithPath: try HuggingFace.tokenizer("roberta") + "/tokenizer.json")))
        let pieces = roberta.encode("the cat").tokens
        #expect(pieces.first == "<s>" && pieces[1] == "␣the" && pieces.last == "</s>" && !pieces.joined().contains("Ġ"))
        let llama = try TokenizerPipeline(
            json: Data(contentsOf: URL(fileURLWithPath: try HuggingFace.tokenizer("llama") + "/tokenizer.json")))
        let tokens = llama.encode("the ☃").tokens
        #expect(tokens.first == "<s>" && tokens.contains("⟨0xE2⟩") && tokens[1].hasPrefix("␣"))
    }

    @Test("components it cannot run are named in one line")
    func refusals() {
        func message(_ json: String) -> String {
            do {
                _ = try TokenizerPipeline(json: Data(json.utf8))
                return "loaded"
            } catch { return "\(error)" }
        }
        #expect(message("{") == "tokenizer: tokenizer.json is not valid JSON")
        #expect(message("[]") == "tokenizer: tokenizer.json is not a JSON object")
        let model = #"{"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}, "unk_token": "[UNK]"}"#
        #expect(
            message(#"{"model": \#(model), "normalizer": {"type": "Precompiled", "precompiled_charsmap": ""}}"#)
                .contains("'Precompiled' is not supported (SentencePiece's compiled character map)"))
        #expect(
            message(#"{"model": \#(model), "pre_tokenizer": {"type": "UnicodeScripts"}}"#).contains("'UnicodeScripts'"))
        #expect(
            message(#"{"model": {"type": "WordLevel", "vocab": {}}}"#).contains(
                "the model 'WordLevel' is not supported"))
        #expect(
            message(#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}"#)
                .contains("names pieces its vocabulary lacks"))
        #expect(
            message(
                #"{"model": \#(model), "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(("}, "behavior": "Isolated"}}"#
            )
            .contains("is not a regular expression"))
        #expect(message(#"{"model": {"type": "Unigram", "vocab": [["a", 0.5]], "unk_id": 4}}"#).contains("unk_id"))
        #expect(message(#"{"model": \#(model)}"#) == "loaded")
    }
}
