/// How input text becomes tokens.
public enum TokenMode: String, Sendable, Equatable, CaseIterable {
    /// Numbers when every token parses as a finite number, words otherwise.
    case auto
    case words
    case numbers
}

/// The tokens of one input and the mode that produced them.
public struct Tokenization: Equatable, Sendable {
    public var tokens: [String]
    /// The resolved mode: never `.auto`.
    public var mode: TokenMode
    /// The parsed values in numbers mode; empty in words mode.
    public var values: [Double]

    public init(tokens: [String], mode: TokenMode, values: [Double] = []) {
        self.tokens = tokens
        self.mode = mode
        self.values = values
    }
}

/// Why some text cannot be read as tokens.
public enum TokenizationError: Error, Equatable, Sendable, CustomStringConvertible {
    case notANumber(token: String, index: Int)
    case notFinite(token: String, index: Int)

    public var description: String {
        switch self {
        case .notANumber(let token, let index):
            return
                "token \(index + 1) '\(shortened(token))' is not a number (numbers mode needs numbers like 3 or -0.5)"
        case .notFinite(let token, let index):
            return
                "token \(index + 1) '\(shortened(token))' is not a finite number (nan and overflowing values like 1e400 cannot be embedded)"
        }
    }
}

/// Splits text into tokens; Unicode grapheme clusters (emoji, CJK, combining marks) stay whole.
public enum Tokenizer {
    public static func tokenize(_ text: String, mode: TokenMode) -> Result<Tokenization, TokenizationError> {
        switch mode {
        case .words:
            return .success(Tokenization(tokens: words(text), mode: .words))
        case .numbers:
            return numbers(text).map { Tokenization(tokens: $0.tokens, mode: .numbers, values: $0.values) }
        case .auto:
            // Numbers only when every piece is one: a first piece that is not settles it without
            // splitting the whole text (a keystroke into thousands of words re-tokenizes them all).
            if let first = text.split(maxSplits: 1, whereSeparator: isNumberSeparator).first, isNumber(first),
                case .success(let parsed) = numbers(text)
            {
                return .success(Tokenization(tokens: parsed.tokens, mode: .numbers, values: parsed.values))
            }
            return .success(Tokenization(tokens: words(text), mode: .words))
        }
    }

    /// Words split on whitespace, with each punctuation or symbol character its own token.
    public static func words(_ text: String) -> [String] {
        asciiWords(text) ?? unicodeWords(text)
    }

    /// `words` for ASCII text, a byte at a time: there every character is one byte (CR LF, one
    /// Character, is two whitespace bytes, which split alike), and the Unicode properties below
    /// reduce to byte classes. Nil when the text is not all ASCII. Tested to agree with
    /// `unicodeWords` on every ASCII character and on random ASCII texts.
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var tokens: [String] = []
            var start = -1
            func flush(_ end: Int) {
                if start >= 0 {
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                    start = -1
                }
            }
            for (i, b) in bytes.enumerated() {
                guard b < 0x80 else { return nil }
                switch asciiClass[Int(b)] {
                case .space: flush(i)
                case .separate:
                    flush(i)
                    tokens.append(String(UnicodeScalar(b)))
                case .word: if start < 0 { start = i }
                }
            }
            flush(bytes.count)
            return tokens
        }
    }

    enum ASCIIClass { case space, separate, word }

    /// The class of each ASCII byte, read off the Unicode rules `unicodeWords` applies.
    static let asciiClass: [ASCIIClass] = (0..<128).map { b in
        let ch = Character(UnicodeScalar(UInt8(b)))
        return ch.isWhitespace ? .space : isSeparatePunctuation(ch) ? .separate : .word
    }

    /// Whether a piece of the text reads as a finite number.
    static func isNumber(_ piece: Substring) -> Bool {
        DecimalNumber.parse(piece).map(\.isFinite) ?? false
    }

    static func isNumberSeparator(_ ch: Character) -> Bool {
        ch.isWhitespace || ch == "," || ch == ";"
    }

    /// `words` for any text, a grapheme cluster at a time.
    static func unicodeWords(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for ch in text {
            if ch.isWhitespace {
                if !current.isEmpty {
                    tokens.append(current)
                    current = ""
                }
            } else if isSeparatePunctuation(ch) {
                if !current.isEmpty {
                    tokens.append(current)
                    current = ""
                }
                tokens.append(String(ch))
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Punctuation gets its own token; apostrophes inside words ("don't") and emoji do not split.
    static func isSeparatePunctuation(_ ch: Character) -> Bool {
        if ch == "'" || ch == "\u{2019}" { return false }
        return ch.isPunctuation || (ch.isSymbol && ch.unicodeScalars.count == 1 && ch.isASCII)
    }

    /// Whitespace- and comma-separated pieces, the candidate numbers.
    static func numberPieces(_ text: String) -> [Substring] {
        text.split(whereSeparator: isNumberSeparator)
    }

    static func numbers(_ text: String) -> Result<(tokens: [String], values: [Double]), TokenizationError> {
        var tokens: [String] = []
        var values: [Double] = []
        for (i, piece) in numberPieces(text).enumerated() {
            let bare = piece.lowercased().trimmingSign()
            if bare == "nan" || bare == "inf" || bare == "infinity" {
                return .failure(.notFinite(token: String(piece), index: i))
            }
            guard let v = DecimalNumber.parse(piece) else {
                return .failure(.notANumber(token: String(piece), index: i))
            }
            guard v.isFinite else { return .failure(.notFinite(token: String(piece), index: i)) }
            tokens.append(String(piece))
            values.append(v)
        }
        return .success((tokens, values))
    }
}

extension String {
    /// The string without one leading + or -.
    func trimmingSign() -> Substring {
        hasPrefix("+") || hasPrefix("-") ? dropFirst() : Substring(self)
    }
}
