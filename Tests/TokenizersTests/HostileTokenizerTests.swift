import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Issue 30's tokenizer files that crashed or hung: each is refused in one line at load or
/// runs in bounded time, and the regex engine that replaced Swift's Regex agrees with
/// `tokenizers` itself on the patterns real files carry.
@Suite("Hostile tokenizer files")
struct HostileTokenizerTests {
    static func pipeline(_ patch: (inout [String: Any]) -> Void) throws -> Result<TokenizerPipeline, ModelError> {
        var object = try JSONSerialization.jsonObject(with: TinyBert.tokenizerJSON()) as? [String: Any] ?? [:]
        patch(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        do { return .success(try TokenizerPipeline(json: data)) } catch { return .failure(error) }
    }

    static func refusal(_ r: Result<TokenizerPipeline, ModelError>) -> String? {
        if case .failure(let e) = r { return e.description }
        return nil
    }

    @Test("an added token's id that is negative, near 2^63 or 2^40 is refused with its id")
    func addedTokenIDs() throws {
        for id in [-1, Int.max - 1, Int.max, 1 << 40] {
            let r = try Self.pipeline { $0["added_tokens"] = [["id": id, "content": "<x>"]] }
            let message = Self.refusal(r)
            #expect(message?.contains("\(id)") == true, "\(id): \(String(describing: message))")
            #expect(message?.contains("empty") == false)
        }
    }

    static func template(type: Int, in field: String) -> [String: Any] {
        let special: [String: Any] = ["SpecialToken": ["id": "[CLS]", "type_id": field == "special" ? type : 0]]
        let a: [String: Any] = ["Sequence": ["id": "A", "type_id": field == "single" ? type : 0]]
        let b: [String: Any] = ["Sequence": ["id": "B", "type_id": field == "pair" ? type : 1]]
        return [
            "type": "TemplateProcessing", "single": [special, a], "pair": [special, a, b],
            "special_tokens": ["[CLS]": ["id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]]],
        ]
    }

    @Test("a type_id that is negative or past type_vocab_size is refused at load, in every form")
    func typeIDs() throws {
        for field in ["single", "pair", "special"] {
            let negative = try Self.pipeline { $0["post_processor"] = Self.template(type: -1, in: field) }
            #expect(Self.refusal(negative)?.contains("type_id -1") == true, "\(field)")
            guard
                case .success(let wide) = try Self.pipeline({ $0["post_processor"] = Self.template(type: 2, in: field) }
                )
            else {
                Issue.record("type 2 is a valid id for the tokenizer alone")
                continue
            }
            let bert = TinyBert()
            do {
                _ = try EncoderModel(
                    name: "t", config: bert.configJSON(), tokenizer: wide,
                    weights: ModelBytes(copying: bert.weightsFile()))
                Issue.record("\(field): a type id of 2 with type_vocab_size 2 loaded")
            } catch {
                #expect(error.description.contains("type_vocab_size is 2"), "\(field): \(error)")
            }
        }
    }

    @Test("a tokenizer.json with more pieces than config.json's vocab_size is blamed on tokenizer.json, not vocab.txt")
    func blamesTheRightFile() throws {
        guard case .success(let big) = try Self.pipeline({ $0["added_tokens"] = [["id": 500, "content": "<x>"]] })
        else {
            Issue.record("id 500 is a valid added token")
            return
        }
        let bert = TinyBert()
        do {
            _ = try EncoderModel(
                name: "t", config: bert.configJSON(), tokenizer: big,
                weights: ModelBytes(copying: bert.weightsFile()))
            Issue.record("501 pieces loaded into a 60-row embedding")
        } catch {
            #expect(error.description.hasPrefix("tokenizer: the tokenizer has 501 pieces"), "\(error)")
        }
    }

    @Test("tokenizer regexes that backtrack exponentially finish at once on 40 characters")
    func catastrophicPatterns() throws {
        let patterns = ["(a+)+$", "(a|aa)+$", "((a*)*)*c", "(x+x+)+y", "(\\w+\\s?)+$"]
        let text = String(repeating: "a", count: 20) + String(repeating: "x", count: 19) + "!"
        for p in patterns {
            let r = try Self.pipeline {
                $0["pre_tokenizer"] = [
                    "type": "Split", "pattern": ["Regex": p], "behavior": "Isolated", "invert": false,
                ]
            }
            guard case .success(let t) = r else {
                Issue.record("\(p) was refused: \(String(describing: Self.refusal(r)))")
                continue
            }
            let start = Date()
            _ = t.encode(text + " " + text)
            #expect(Date().timeIntervalSince(start) < 2, "\(p) took \(Date().timeIntervalSince(start)) s")
        }
    }

    @Test("a Replace that grows the text 100,000-fold is refused with the figure")
    func growingReplace() throws {
        let r = try Self.pipeline {
            $0["normalizer"] = [
                "type": "Sequence",
                "normalizers": [
                    ["type": "Lowercase"],
                    ["type": "Replace", "pattern": ["String": "a"], "content": String(repeating: "a", count: 100_000)],
                ],
            ]
        }
        #expect(Self.refusal(r)?.contains("100000 times") == true, "\(String(describing: Self.refusal(r)))")
        let fine = try Self.pipeline {
            $0["normalizer"] = ["type": "Replace", "pattern": ["Regex": " +"], "content": "\u{2581}"]
        }
        #expect(Self.refusal(fine) == nil)
    }

    @Test("the regex engine splits as tokenizers does, on the patterns real tokenizer files carry")
    func patternsAgainstTokenizers() throws {
        let patterns = [
            // GPT-2, Llama 3, Qwen 2, GPT-4o, digits, and ones with anchors, lazy and counted parts.
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "\\d{1,3}(?=(?:\\d{3})*\\b)", "^\\s+|\\s+$", "a.*?b", "[a-c\\-x]+|\\W", "(ab|a)(c|bcd)", "x*",
        ]
        let texts = TokenizerJSONTests.hostile + ["aab abcd abbb\nline two  \n", "1234567 12", "ÀÉÎõü Straße ǅ"]
        var ours: [[[[Int]]]] = []
        var kept: [String] = []
        for p in patterns {
            guard let r = try? TokenizerRegex(p) else { continue }
            kept.append(p)
            ours.append(
                texts.map { t in r.matches(in: Array(t.unicodeScalars)).map { [$0.lowerBound, $0.upperBound] } })
        }
        // The lookahead of several characters is refused by name; the rest must run.
        #expect(kept.count == patterns.count - 1, "\(Set(patterns).subtracting(kept))")
        let reference = try HuggingFace.findAll(kept, texts)
        #expect(reference.count == kept.count)
        for (p, (mine, theirs)) in zip(kept, zip(ours, reference)) {
            for (t, (a, b)) in zip(texts, zip(mine, theirs)) where a != b {
                Issue.record("\(p) on \(t.debugDescription): \(a) vs tokenizers' \(b)")
            }
        }
    }

    @Test("seeded random patterns of the supported syntax match as tokenizers' own engine matches")
    func randomPatternsAgainstTokenizers() throws {
        var g = SeededGenerator(seed: 20_261_207)
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
        let atoms = [
            "a", "b", " ", "'", "\\s", "\\S", "\\d", "\\w", "\\W", "\\p{L}", "\\p{N}", "\\p{Lu}", "[a-c]",
            "[^\\s\\p{L}]", ".", "[\\r\\n]", "(?i:'s|'t)",
        ]
        let quantifiers = ["", "", "*", "+", "?", "{1,3}", "*?", "+?", "{2}"]
        func piece(_ depth: Int) -> String {
            if depth < 2 && Int.random(in: 0..<5, using: &g) == 0 {
                return "(?:" + piece(depth + 1) + piece(depth + 1) + "|" + piece(depth + 1) + ")" + pick(["", "?"])
            }
            return pick(atoms) + pick(quantifiers)
        }
        var patterns: [String] = []
        for _ in 0..<60 {
            var p = (0..<Int.random(in: 1...3, using: &g)).map { _ in piece(0) }.joined()
            if Int.random(in: 0..<6, using: &g) == 0 { p = "^" + p }
            if Int.random(in: 0..<6, using: &g) == 0 { p += pick(["$", "(?!\\S)"]) }
            if Int.random(in: 0..<3, using: &g) == 0 { p += "|" + piece(0) }
            patterns.append(p)
        }
        let texts = TokenizerJSONTests.hostile + ["aab abcd abbb\nline two  \n", "I'M SURE it's 123 'S x"]
        let regexes = patterns.map { try? TokenizerRegex($0) }
        #expect(regexes.allSatisfyNonEmpty { $0 != nil }, "\(zip(patterns, regexes).filter { $0.1 == nil }.map(\.0))")
        let reference = try HuggingFace.findAll(patterns, texts)
        #expect(reference.count == patterns.count)
        var differing = 0
        for (p, (r, theirs)) in zip(patterns, zip(regexes, reference)) {
            guard let r else { continue }
            for (t, b) in zip(texts, theirs) {
                let a = r.matches(in: Array(t.unicodeScalars)).map { [$0.lowerBound, $0.upperBound] }
                if a != b {
                    differing += 1
                    if differing <= 5 { Issue.record("\(p) on \(t.debugDescription): \(a) vs tokenizers' \(b)") }
                }
            }
        }
        #expect(differing == 0, "\(differing) pattern-text pairs differ")
    }
}
