import ModelFormats

/// Tokens typed in the text that stay whole (`<|im_start|>`, `[MASK]`, `<mask>`): found in the raw
/// text before anything else splits it, the earliest first and, where two start together, the
/// longest. What GGUF's control tokens and tokenizer.json's added tokens share.
struct SpecialTokens: Sendable {
    struct Token: Sendable {
        let text: String
        let id: Int
        /// Whether the token swallows the whitespace before / after it (tokenizers' lstrip, rstrip).
        var leftStrip = false
        var rightStrip = false
    }

    /// Longest first.
    let tokens: [Token]
    /// The scalars the tokens start with: a text holding none of them is not searched (a GGUF
    /// vocabulary has hundreds of control tokens, nearly all starting with "<").
    let firsts: Set<Unicode.Scalar>

    init(_ tokens: [Token]) {
        self.tokens = tokens.filter { !$0.text.isEmpty }.sorted {
            $0.text.unicodeScalars.count > $1.text.unicodeScalars.count
        }
        firsts = Set(self.tokens.compactMap(\.text.unicodeScalars.first))
    }

    var isEmpty: Bool { tokens.isEmpty }

    func contains(id: Int) -> Bool { tokens.contains { $0.id == id } }

    enum Part: Equatable {
        case text(String)
        case special(Int)
    }

    /// The text cut at every special token typed in it.
    func split(_ text: String) -> [Part] {
        guard text.unicodeScalars.contains(where: firsts.contains) else { return text.isEmpty ? [] : [.text(text)] }
        var parts: [Part] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var best: (range: Range<Substring.Index>, token: Token)?
            for t in tokens {
                guard let r = rest.range(of: t.text) else { continue }
                if best == nil || r.lowerBound < best!.range.lowerBound { best = (r, t) }
            }
            guard let b = best else {
                parts.append(.text(String(rest)))
                break
            }
            var before = rest[..<b.range.lowerBound]
            if b.token.leftStrip { while before.last?.isWhitespace == true { before.removeLast() } }
            if !before.isEmpty { parts.append(.text(String(before))) }
            parts.append(.special(b.token.id))
            rest = rest[b.range.upperBound...]
            if b.token.rightStrip { rest = rest.drop { $0.isWhitespace } }
        }
        return parts
    }
}
