import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

@Suite("WordPiece")
struct WordPieceTests {
    static func tokenizer(lowercase: Bool = true) throws -> TokenizerPipeline {
        try TokenizerPipeline(
            vocabulary: try Vocabulary(text: TinyBert.vocabText), options: TokenizerOptions(lowercase: lowercase))
    }

    func tokens(_ text: String, lowercase: Bool = true) throws -> [String] {
        try WordPieceTests.tokenizer(lowercase: lowercase).encode(text).tokens
    }

    @Test("the rules, case by case")
    func rules() throws {
        #expect(try tokens("") == ["[CLS]", "[SEP]"])
        #expect(try tokens("The cats sat") == ["[CLS]", "the", "cats", "sat", "[SEP]"])
        // Greedy longest match first, with ## continuations.
        #expect(try tokens("unbelievably") == ["[CLS]", "un", "##believ", "##ably", "[SEP]"])
        #expect(try tokens("played playing") == ["[CLS]", "play", "##ed", "play", "##ing", "[SEP]"])
        // No piece fits part of the word: the whole word is [UNK].
        #expect(try tokens("catz") == ["[CLS]", "[UNK]", "[SEP]"])
        // Accents stripped when uncased, kept when cased.
        #expect(try tokens("Café déjà vu") == ["[CLS]", "cafe", "de", "##ja", "vu", "[SEP]"])
        #expect(try tokens("Café Cat", lowercase: false) == ["[CLS]", "Café", "Cat", "[SEP]"])
        // Punctuation split off; CJK ideographs each their own word.
        #expect(try tokens("hello,world!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"])
        #expect(try tokens("猫好") == ["[CLS]", "猫", "好", "[SEP]"])
        // 101 characters is [UNK] even when pieces would match.
        #expect(try tokens(String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
        // Special tokens typed as words stay whole.
        #expect(try tokens("the [MASK] sat") == ["[CLS]", "the", "[MASK]", "sat", "[SEP]"])
    }

    @Test("a ' ||| ' pair becomes [CLS] A [SEP] B [SEP] with token types 0 then 1")
    func pairs() throws {
        let e = try WordPieceTests.tokenizer().encode("the cat ||| it was tired")
        #expect(e.tokens == ["[CLS]", "the", "cat", "[SEP]", "it", "was", "tired", "[SEP]"])
        #expect(e.types == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(e.isPair)
        #expect(e.ids.first == 2 && e.ids[3] == 3)
    }

    @Test("600 words tokenize without trouble and a model refuses more than its positions")
    func long() throws {
        let text = Array(repeating: "the cat sat", count: 200).joined(separator: " ")
        #expect(try tokens(text).count == 602)
        let model = try TinyBert().model()
        guard case .failure(let e) = model.encode(text) else {
            Issue.record("accepted 602 pieces")
            return
        }
        #expect(e.description.contains("at most 40"))
    }

    @Test("matches Hugging Face's own BERT tokenizer on hostile text (uncased and cased)")
    func matchesHuggingFace() throws {
        let dir = TinyBert.temporaryFolder("vocab")
        try TinyBert().write(to: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let texts = [
            "Café déjà vu!", "the cats sat on the mat.", "猫が好き", "hello,world", "naïve résumé", "don't (it) $100%",
            "e\u{0301}tait \u{00e9}", "a\u{200b}b", "x\u{fffd}y", "\u{7}bell", "ÜNDER the mat", "Cat The Café",
            String(repeating: "x", count: 100), String(repeating: "x", count: 101), "un-believ-able", "1,230.20",
            "tab\tand\nnewline", "\u{00a0}nbsp", "👍🏽 dog", "the [SEP] cat", "x[MASK]y [cls]",
        ]
        let script = """
            import json, sys
            from tokenizers import BertWordPieceTokenizer
            texts = json.load(sys.stdin)
            out = {}
            for lower in (True, False):
                t = BertWordPieceTokenizer(sys.argv[1], lowercase=lower)
                out[str(lower)] = [t.encode(s).tokens for s in texts]
            print(json.dumps(out))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let raw = try Python.run(["-c", script, dir + "/vocab.txt"], stdin: input)
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: [[String]]])
        for (flag, lower) in [("True", true), ("False", false)] {
            let expected = try #require(ref[flag])
            for (i, text) in texts.enumerated() {
                #expect(try tokens(text, lowercase: lower) == expected[i], "\(flag) \(text.debugDescription)")
            }
        }
    }

    @Test("vocab.txt without [UNK], [CLS] or [SEP] is refused by name")
    func vocabulary() {
        #expect(throws: ModelError.vocabulary("has no [CLS] token")) { try Vocabulary(text: "[UNK]\n[SEP]\n") }
        #expect(throws: ModelError.vocabulary("empty")) { try Vocabulary(text: "") }
    }
}
