import Foundation
import TestSupport
import Testing

@testable import ModelFormats
@testable import Tokenizers

/// llama.cpp's own tokenizer tests (`make llama-vocab` fetches them from llama-cpp-python's
/// source distribution): a vocabulary-only GGUF per family, test inputs separated by
/// "\n__ggml_vocab_test__\n", and on each line of the .out file the ids llama.cpp gives that
/// input with no BOS and no special-token parsing (its test-tokenizer-0).
@Suite("llama.cpp's vocabulary tests")
struct LlamaVocabTests {
    static let folder = RepoPaths.root() + "/models/llama-vocab"

    struct Case {
        let text: String
        let ids: [Int]
    }

    static func cases(_ family: String) throws -> [Case] {
        let base = folder + "/ggml-vocab-\(family).gguf"
        let input = try String(contentsOfFile: base + ".inp", encoding: .utf8)
        let output = try String(contentsOfFile: base + ".out", encoding: .utf8)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        #expect(texts.count == lines.count, "\(family): \(texts.count) inputs, \(lines.count) outputs")
        return zip(texts, lines).map { text, line in
            Case(text: text, ids: line.split(separator: " ").compactMap { Int($0) })
        }
    }

    static func pipeline(_ family: String) throws -> TokenizerPipeline {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/ggml-vocab-\(family).gguf"))
        return try data.withUnsafeBytes { raw in
            let file = try GGUFFile.parse(raw, fileSize: data.count)
            return try TokenizerPipeline.gguf(file).0
        }
    }

    @Test(
        "every test input of the families AttnViz reads (byte-level BPE and SentencePiece) gets llama.cpp's ids",
        arguments: ["gpt-2", "llama-bpe", "qwen2", "llama-spm", "phi-3"])
    func sameIDs(family: String) throws {
        let cases = try Self.cases(family)
        #expect(cases.count >= 40, "\(family): llama.cpp ships 46 inputs a family")
        let tokenizer = try Self.pipeline(family)
        var wrong = 0
        for c in cases {
            let ids = tokenizer.tokenIDs(c.text)
            if ids != c.ids { wrong += 1 }
            #expect(ids == c.ids, "\(family): \(c.text.debugDescription)")
        }
        #expect(wrong == 0, "\(family): \(wrong) of \(cases.count) inputs differ")
    }
}

extension LlamaVocabTests {
    @Test("a SentencePiece vocabulary adds BOS and a space in front, as llama.cpp does by default")
    func sentencePieceDefaults() throws {
        let tokenizer = try Self.pipeline("llama-spm")
        let ids = tokenizer.singleIDs("Hello world")
        #expect(ids.first == 1, "BOS first")
        #expect(tokenizer.readable(ids[1]) == "␣Hello", "the space prefix is ▁, shown as ␣")
        #expect(tokenizer.tokenIDs("") == [], "nothing typed gives no ids")
        // A character the vocabulary lacks falls back to its UTF-8 bytes.
        let bytes = tokenizer.tokenIDs("\u{1F9EA}").map { tokenizer.pieces[$0] }
        #expect(bytes.contains("<0xF0>"), "\(bytes)")
        // The pieces' bytes give the text back, with the prefix space in front.
        let text = "naïve 🧪 tea\tcup"
        #expect(String(decoding: tokenizer.tokenIDs(text).flatMap(tokenizer.bytes), as: UTF8.self) == " " + text)
    }

    @Test("vocabularies of families AttnViz does not read are refused by name")
    func refusals() throws {
        for (family, words) in [("deepseek-llm", "pre-tokenizer 'deepseek-llm'"), ("bert-bge", "tokenizer 'bert'")] {
            do {
                _ = try Self.pipeline(family)
                Issue.record("\(family) opened")
            } catch {
                let text = String(describing: error)
                #expect(text.contains(words), "\(family): \(text)")
            }
        }
    }
}

extension LlamaVocabTests {
    @Test("seeded hostile text through SentencePiece: no trap, every id in range, the bytes give the text back")
    func sentencePieceRoundTrip() throws {
        let pool = Array("aé e\u{301}ß漢字🧪👩‍👩‍👧\u{0}\t\n\r<0x41>[INST]</s>  ") + ["\u{10FFFF}", "\u{FEFF}", "x"]
        var g = SeededGenerator(seed: 2026)
        for family in ["llama-spm", "phi-3"] {
            let tokenizer = try Self.pipeline(family)
            for _ in 0..<150 {
                let length = Int.random(in: 0...40, using: &g)
                let text = String((0..<length).map { _ in pool.randomElement(using: &g)! })
                let ids = tokenizer.tokenIDs(text)
                #expect(ids.allSatisfy { (0..<tokenizer.count).contains($0) }, "\(family): \(text.debugDescription)")
                // Control tokens typed in the text stay whole; between them every stretch of text
                // gets its ▁ in front, so the pieces give back the text with those spaces. (A ▁
                // typed by hand reads back as a space, as in SentencePiece itself: not in the pool.)
                if !tokenizer.added.split(text).contains(where: { if case .special = $0 { true } else { false } }) {
                    let back = String(decoding: ids.flatMap(tokenizer.bytes), as: UTF8.self)
                    #expect(back == (text.isEmpty ? "" : " " + text), "\(family): \(text.debugDescription)")
                }
            }
        }
    }

    @Test(
        "a hostile SentencePiece vocabulary (NaN and infinite scores, no byte pieces, empty and repeated pieces) never traps"
    )
    func hostileSentencePiece() {
        let pieces = ["<unk>", "", "\u{2581}", "\u{2581}a", "\u{2581}a", "ab", "b", "<0x41>", "\u{2581}\u{2581}"]
        let scores: [Float] = [0, .nan, .infinity, -.infinity, .nan, 1e38, -1e38, 0]  // one short
        for unknown in [0, nil] as [Int?] {
            let model = SentencePieceModel(pieces: pieces, scores: scores, unknown: unknown)
            for text in [
                "", "\u{2581}ab\u{2581}a", "zzz", "\u{2581}\u{2581}\u{2581}",
                String(repeating: "\u{2581}ab", count: 3000),
            ] {
                let ids = model.tokenize(text)
                #expect(ids.allSatisfy { (0..<pieces.count).contains($0) })
                if unknown == nil { #expect(!text.contains("z") || !ids.contains(0)) }
            }
        }
    }
}

extension LlamaVocabTests {
    static func metadata(_ tokens: [String], scores: GGUFValue?, extra: [String: GGUFValue] = [:]) -> [String:
        GGUFValue]
    {
        var m: [String: GGUFValue] = [
            "tokenizer.ggml.model": .string("llama"), "tokenizer.ggml.tokens": .array(tokens.map { .string($0) }),
        ]
        if let scores { m["tokenizer.ggml.scores"] = scores }
        return m.merging(extra) { $1 }
    }

    @Test("hostile SentencePiece metadata: a short score list is refused, odd scores and ids are survived")
    func hostileMetadata() throws {
        let tokens = ["<unk>", "<s>", "\u{2581}a", "\u{2581}", "a"]
        #expect(throws: ModelError.self) {
            try TokenizerPipeline.sentencePiece(Self.metadata(tokens, scores: .array([.float(0, bits: 32)])))
        }
        #expect(throws: ModelError.self) {
            try TokenizerPipeline.sentencePiece(["tokenizer.ggml.model": .string("llama")])
        }
        // Scores that are strings, a BOS id far outside, no space prefix: it opens and encodes.
        let odd = Self.metadata(
            tokens, scores: .array(tokens.map { _ in .string("x") }),
            extra: [
                "tokenizer.ggml.bos_token_id": .uint(1 << 40, bits: 64),
                "tokenizer.ggml.add_space_prefix": .bool(false),
            ])
        let (pipeline, info) = try TokenizerPipeline.sentencePiece(odd)
        #expect(info.bos == nil && info.preTokenizer == nil)
        #expect(pipeline.singleIDs("a a") == [4, 2], "no BOS to add, no ▁ in front")
    }
}
