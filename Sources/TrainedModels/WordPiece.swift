import Foundation

/// Text → word pieces → ids, as BERT's own tokenizer does it.
///
/// Basic tokenization: drop NUL, U+FFFD and control characters, map every whitespace to a space,
/// put spaces around CJK ideographs, NFC, split on whitespace; lower-case and strip accents (NFD,
/// drop nonspacing marks) when the model is uncased; split off every punctuation character (ASCII
/// symbols count as punctuation). Then WordPiece: greedy longest match first, "##" on pieces that
/// continue a word, the whole word as [UNK] when it is longer than 100 characters or any part of it
/// has no match. Special tokens typed as whole words ([SEP], [MASK], …) stay whole.
public struct WordPieceTokenizer: Equatable, Sendable {
    public var vocabulary: Vocabulary
    public var options: TokenizerOptions
    public static let maxCharactersPerWord = 100
    /// Separates sentence A from sentence B: `[CLS] A [SEP] B [SEP]`, token types 0 then 1.
    public static let pairSeparator = " ||| "
    static let specialTokens: Set<String> = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"]

    public init(vocabulary: Vocabulary, options: TokenizerOptions) {
        self.vocabulary = vocabulary
        self.options = options
    }

    /// Word pieces of one text, without [CLS]/[SEP].
    public func pieces(_ text: String) -> [(piece: String, id: Int)] {
        var out: [(String, Int)] = []
        for word in basicTokens(text) {
            if WordPieceTokenizer.specialTokens.contains(word), let id = vocabulary.id(word) {
                out.append((word, id))
                continue
            }
            out.append(contentsOf: wordPieces(Array(word.unicodeScalars)))
        }
        return out
    }

    /// `[CLS] A [SEP]` or, with the pair separator, `[CLS] A [SEP] B [SEP]`.
    public func encode(_ text: String) -> Encoding {
        var tokens = ["[CLS]"]
        var ids = [vocabulary.cls]
        var types = [0]
        let parts: [String]
        if let r = text.range(of: WordPieceTokenizer.pairSeparator) {
            parts = [String(text[..<r.lowerBound]), String(text[r.upperBound...])]
        } else {
            parts = [text]
        }
        for (segment, part) in parts.enumerated() {
            for (piece, id) in pieces(part) {
                tokens.append(piece)
                ids.append(id)
                types.append(segment)
            }
            tokens.append("[SEP]")
            ids.append(vocabulary.sep)
            types.append(segment)
        }
        return Encoding(tokens: tokens, ids: ids, types: types, isPair: parts.count == 2)
    }

    // MARK: - Basic tokenization

    func basicTokens(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if v == 0 || v == 0xFFFD || isControl(s) { continue }
            if isWhitespace(s) {
                cleaned.append(" ")
            } else if options.splitCJK && isCJK(v) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        let normalized = String(cleaned).precomposedStringWithCanonicalMapping
        var out: [String] = []
        for raw in normalized.split(separator: " ", omittingEmptySubsequences: true) {
            var token = String(raw)
            if WordPieceTokenizer.specialTokens.contains(token) {
                out.append(token)
                continue
            }
            if options.lowercase {
                token = token.lowercased()
                if options.stripAccents != false { token = stripAccents(token) }
            } else if options.stripAccents == true {
                token = stripAccents(token)
            }
            out.append(contentsOf: splitPunctuation(token))
        }
        return out
    }

    func stripAccents(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.decomposedStringWithCanonicalMapping.unicodeScalars
        where u.properties.generalCategory != .nonspacingMark {
            out.append(u)
        }
        return String(out)
    }

    func splitPunctuation(_ s: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isPunctuation(u) {
                if !current.isEmpty { out.append(String(current)) }
                current = String.UnicodeScalarView()
                out.append(String(u))
            } else {
                current.append(u)
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    // MARK: - WordPiece

    func wordPieces(_ chars: [Unicode.Scalar]) -> [(String, Int)] {
        guard !chars.isEmpty else { return [] }
        let unk = ("[UNK]", vocabulary.unk)
        if chars.count > WordPieceTokenizer.maxCharactersPerWord { return [unk] }
        var out: [(String, Int)] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: (String, Int)?
            while start < end {
                if let id = vocabulary.id(chars[start..<end], continuation: start > 0) {
                    var piece = String(String.UnicodeScalarView(chars[start..<end]))
                    if start > 0 { piece = "##" + piece }
                    found = (piece, id)
                    break
                }
                end -= 1
            }
            guard let f = found else { return [unk] }
            out.append(f)
            start = end
        }
        return out
    }

    // MARK: - Character classes (BERT's definitions)

    func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    func isControl(_ s: Unicode.Scalar) -> Bool { CharacterClass.isControl(s) }
    func isPunctuation(_ s: Unicode.Scalar) -> Bool { CharacterClass.isPunctuation(s) }
    func isCJK(_ v: UInt32) -> Bool { CharacterClass.isCJK(v) }
}

/// A tokenized input: what the views label, what the model reads.
public struct Encoding: Equatable, Sendable {
    public var tokens: [String]
    public var ids: [Int]
    /// 0 for [CLS], sentence A and its [SEP]; 1 for sentence B and the final [SEP].
    public var types: [Int]
    public var isPair: Bool

    public init(tokens: [String], ids: [Int], types: [Int], isPair: Bool) {
        self.tokens = tokens
        self.ids = ids
        self.types = types
        self.isPair = isPair
    }

    public var count: Int { tokens.count }
}
