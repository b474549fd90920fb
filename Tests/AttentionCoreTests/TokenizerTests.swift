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
        let combining = "e\u{0301}te\u{0301}" // "été" with combining acute accents
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
}

extension Result {
    var failureValue: Failure? {
        if case let .failure(e) = self { return e }
        return nil
    }
}
