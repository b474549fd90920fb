import TestSupport
import Testing

@testable import AttentionCore

@Suite("Tokenizer")
struct TokenizerTests {
    @Test("empty and whitespace-only input give no tokens")
    func emptyInput() throws {
        for text in ["", "   ", "\n\t  \n"] {
            let t = try Tokenizer.tokenize(text, mode: .auto).get()
            #expect(t.tokens.isEmpty)
            #expect(t.mode == .words)
        }
    }

    @Test("words split on whitespace; punctuation is its own token; apostrophes stay")
    func words() throws {
        let t = try Tokenizer.tokenize("The cat sat, didn't it?", mode: .auto).get()
        #expect(t.tokens == ["The", "cat", "sat", ",", "didn't", "it", "?"])
        #expect(t.mode == .words)
    }

    @Test("emoji, CJK and combining marks are never split mid-character")
    func unicode() throws {
        let family = "👨‍👩‍👧"
        let flag = "🇫🇷"
        let combining = "e\u{0301}te\u{0301}"  // "été" with combining acute accents
        let t = try Tokenizer.tokenize("\(family) \(flag) 猫が \(combining)", mode: .words).get()
        #expect(t.tokens == [family, flag, "猫が", combining])
        #expect(t.tokens[3].unicodeScalars.count == 5)
    }

    @Test("auto picks numbers only when every token is a finite number")
    func autoNumbers() throws {
        let t = try Tokenizer.tokenize("1 2.5 -3 1e3", mode: .auto).get()
        #expect(t.mode == .numbers)
        #expect(t.values == [1, 2.5, -3, 1000])
        let mixed = try Tokenizer.tokenize("1 two 3", mode: .auto).get()
        #expect(mixed.mode == .words)
    }

    @Test("nan and 1e400 are rejected in numbers mode and fall back to words in auto")
    func nonFinite() {
        #expect(Tokenizer.tokenize("1 nan 3", mode: .numbers) == .failure(.notFinite(token: "nan", index: 1)))
        #expect(Tokenizer.tokenize("1e400", mode: .numbers) == .failure(.notFinite(token: "1e400", index: 0)))
        #expect(Tokenizer.tokenize("1 x", mode: .numbers) == .failure(.notANumber(token: "x", index: 1)))
        #expect((try? Tokenizer.tokenize("nan 1e400", mode: .auto).get().mode) == .words)
    }

    @Test("5,000 tokens tokenize, and the engine refuses them with a clear error")
    func manyTokens() throws {
        let text = (0..<5000).map { "w\($0)" }.joined(separator: " ")
        let t = try Tokenizer.tokenize(text, mode: .auto).get()
        #expect(t.tokens.count == 5000)
        let r = AttentionEngine.run(tokenization: t, settings: .lecture)
        #expect(r.failureValue == .tooManyTokens(5000))
    }

    @Test("the ASCII fast path splits exactly as the Unicode rules do")
    func asciiFastPath() throws {
        // Every ASCII character alone, inside a word, and between spaces.
        for b in UInt8(0)..<0x80 {
            let c = String(UnicodeScalar(b))
            for text in [c, "ab\(c)cd", " \(c) ", "\(c)\(c)x\(c)"] {
                #expect(
                    Tokenizer.asciiWords(text) == Tokenizer.unicodeWords(text), "byte \(b) in \(text.debugDescription)")
            }
        }
        // Random texts over all of ASCII, CR LF pairs included.
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let text = String(
                (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                    Int.random(in: 0..<8, using: &rng) == 0
                        ? Character("\r\n") : Character(UnicodeScalar(UInt8.random(in: 0..<0x80, using: &rng)))
                })
            #expect(Tokenizer.asciiWords(text) == Tokenizer.unicodeWords(text), "\(text.debugDescription)")
        }
        // Anything else takes the Unicode path.
        #expect(Tokenizer.asciiWords("caf\u{e9}") == nil)
        #expect(Tokenizer.words("caf\u{e9} au lait") == ["caf\u{e9}", "au", "lait"])
    }

    @Test("auto mode: numbers only when every piece is a finite number, wherever the first one starts")
    func autoModeDecidesOnEveryPiece() throws {
        let cases: [(String, TokenMode, [String])] = [
            ("  1 2 3", .numbers, ["1", "2", "3"]),
            (",,1;2", .numbers, ["1", "2"]),
            ("1 2 x", .words, ["1", "2", "x"]),
            ("x 1 2", .words, ["x", "1", "2"]),
            ("1 nan", .words, ["1", "nan"]),
            ("1e400 2", .words, ["1e400", "2"]),
        ]
        for (text, mode, tokens) in cases {
            let t = try Tokenizer.tokenize(text, mode: .auto).get()
            #expect(t.mode == mode, "\(text)")
            #expect(t.tokens == tokens, "\(text)")
        }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }

}
