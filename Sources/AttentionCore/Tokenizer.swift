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
        case let .notANumber(token, index):
            return "token \(index + 1) '\(shortened(token))' is not a number (numbers mode needs numbers like 3 or -0.5)"
        case let .notFinite(token, index):
            return "token \(index + 1) '\(shortened(token))' is not a finite number (nan and overflowing values like 1e400 cannot be embedded)"
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
            let pieces = numberPieces(text)
            if !pieces.isEmpty, case let .success(parsed) = numbers(text) {
                return .success(Tokenization(tokens: parsed.tokens, mode: .numbers, values: parsed.values))
            }
            return .success(Tokenization(tokens: words(text), mode: .words))
        }
    }

    /// Words split on whitespace, with each punctuation or symbol character its own token.
    public static func words(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for ch in text {
            if ch.isWhitespace {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else if isSeparatePunctuation(ch) {
                if !current.isEmpty { tokens.append(current); current = "" }
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
        text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
    }

    static func numbers(_ text: String) -> Result<(tokens: [String], values: [Double]), TokenizationError> {
        var tokens: [String] = []
        var values: [Double] = []
        for (i, piece) in numberPieces(text).enumerated() {
            let bare = piece.lowercased().trimmingSign()
            if bare == "nan" || bare == "inf" || bare == "infinity" { return .failure(.notFinite(token: String(piece), index: i)) }
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
