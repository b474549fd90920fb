import AttentionCore
import Foundation

/// tokenizer.json's `model`: how one pre-tokenized word becomes vocabulary pieces.
enum SubwordModel: Sendable {
    case wordPiece(WordPieceModel)
    case bpe(BPEModel)
    case unigram(UnigramModel)

    static func parse(_ value: Any?) throws(ModelError) -> SubwordModel {
        let f = try JSONFields(value, "model")
        switch f.type ?? (f.has("merges") ? "BPE" : f.has("continuing_subword_prefix") ? "WordPiece" : nil) {
        case "WordPiece": return .wordPiece(try WordPieceModel(f))
        case "BPE": return .bpe(try BPEModel(f))
        case "Unigram": return .unigram(try UnigramModel(f))
        case let other:
            throw .tokenizer(
                "the model \(other.map { "'\(shortened($0, limit: 40))'" } ?? "without a type") is not supported "
                    + "(WordPiece, BPE and Unigram are)")
        }
    }

    /// Piece → id of the model's own vocabulary.
    var vocabulary: [PieceKey: Int] {
        switch self {
        case .wordPiece(let m): return m.vocab
        case .bpe(let m): return m.vocab
        case .unigram(let m): return m.ids
        }
    }

    func tokenize(_ word: String) -> [Int] {
        switch self {
        case .wordPiece(let m): return m.tokenize(word)
        case .bpe(let m): return m.tokenize(word)
        case .unigram(let m): return m.tokenize(word)
        }
    }

    /// Reads a `vocab` object of piece → id, every id in range and none repeated.
    static func vocabulary(_ f: JSONFields) throws(ModelError) -> [PieceKey: Int] {
        guard let raw = f.object["vocab"] as? [String: Any] else {
            throw .tokenizer("\(f.context) has no vocab object")
        }
        var out: [PieceKey: Int] = [:]
        out.reserveCapacity(raw.count)
        for (piece, value) in raw {
            guard let id = SafeTensorsIndex.integer(value), (0..<TokenizerPipeline.maxPieces).contains(id) else {
                throw .tokenizer("\(f.context): the id of '\(shortened(piece, limit: 30))' is not a whole number")
            }
            out[PieceKey(piece)] = id
        }
        return out
    }
}

/// A vocabulary key compared by its exact UTF-8 bytes, as tokenizers compares pieces: Swift's
/// `String` equality is canonical equivalence, so "e\u{301}" would find the piece "é".
struct PieceKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ s: String) { bytes = Array(s.utf8) }
}

extension Dictionary where Key == PieceKey {
    subscript(_ s: String) -> Value? { self[PieceKey(s)] }
}

/// Greedy longest match first, "##" (the file's prefix) on pieces inside a word.
struct WordPieceModel: Sendable {
    let vocab: [PieceKey: Int]
    let unknown: Int
    let prefix: String
    let maxCharacters: Int

    init(_ f: JSONFields) throws(ModelError) {
        vocab = try SubwordModel.vocabulary(f)
        let unk = try f.optionalString("unk_token") ?? "[UNK]"
        guard let u = vocab[unk] else {
            throw .tokenizer("WordPiece's unknown token '\(shortened(unk, limit: 20))' is not in its vocabulary")
        }
        unknown = u
        prefix = try f.optionalString("continuing_subword_prefix") ?? "##"
        maxCharacters = f.has("max_input_chars_per_word") ? max(1, try f.int("max_input_chars_per_word")) : 100
    }

    func tokenize(_ word: String) -> [Int] {
        let chars = Array(word.unicodeScalars)
        guard !chars.isEmpty else { return [] }
        if chars.count > maxCharacters { return [unknown] }
        var out: [Int] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: Int?
            while start < end {
                let piece = (start > 0 ? prefix : "") + String(String.UnicodeScalarView(chars[start..<end]))
                if let id = vocab[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [unknown] }
            out.append(id)
            start = end
        }
        return out
    }
}

/// Merges by rank over a word's characters, with the options tokenizers' BPE has: a prefix on
/// pieces inside a word, a suffix on the last, bytes as `<0xE2>` pieces for characters the
/// vocabulary lacks, runs of unknowns fused.
struct BPEModel: Sendable {
    let vocab: [PieceKey: Int]
    /// (left id, right id) → (rank, merged id).
    let merges: [Pair: (rank: Int, id: Int)]
    let unknown: Int?
    let fuseUnknown: Bool
    let byteFallback: Bool
    let prefix: String
    let suffix: String
    let ignoreMerges: Bool

    struct Pair: Hashable, Sendable {
        let a: Int, b: Int
    }

    init(_ f: JSONFields) throws(ModelError) {
        let vocab = try SubwordModel.vocabulary(f)
        if f.has("dropout"), let d = f.object["dropout"] as? Double, d > 0 {
            throw .tokenizer("BPE dropout \(d) makes tokenization random; AttnViz shows one fixed tokenization")
        }
        prefix = try f.optionalString("continuing_subword_prefix") ?? ""
        suffix = try f.optionalString("end_of_word_suffix") ?? ""
        var merges: [Pair: (rank: Int, id: Int)] = [:]
        for (rank, item) in try f.array("merges").enumerated() {
            let parts: [String]
            if let s = item as? String {
                parts = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let a = item as? [String] {
                parts = a
            } else {
                parts = []
            }
            guard parts.count == 2 else { throw .tokenizer("BPE merge \(rank) is not two pieces") }
            var right = parts[1]
            if !prefix.isEmpty && right.hasPrefix(prefix) { right.removeFirst(prefix.count) }
            guard let a = vocab[parts[0]], let b = vocab[parts[1]], let m = vocab[parts[0] + right] else {
                throw .tokenizer(
                    "BPE merge \(rank) ('\(shortened(parts.joined(separator: " "), limit: 30))') names pieces its vocabulary lacks"
                )
            }
            let pair = Pair(a: a, b: b)
            if merges[pair] == nil { merges[pair] = (rank, m) }
        }
        self.vocab = vocab
        self.merges = merges
        let unk = try f.optionalString("unk_token")
        unknown = unk.flatMap { vocab[$0] }
        fuseUnknown = try f.bool("fuse_unk", default: false)
        byteFallback = try f.bool("byte_fallback", default: false)
        ignoreMerges = try f.bool("ignore_merges", default: false)
    }

    func tokenize(_ word: String) -> [Int] {
        if ignoreMerges, let id = vocab[word] { return [id] }
        let chars = Array(word.unicodeScalars)
        var symbols: [Int] = []
        var lastWasUnknown = false
        for (i, c) in chars.enumerated() {
            var piece = String(c)
            if i > 0 { piece = prefix + piece }
            if i == chars.count - 1 { piece += suffix }
            if let id = vocab[piece] {
                symbols.append(id)
                lastWasUnknown = false
            } else if byteFallback,
                case let bytes = Array(String(c).utf8).compactMap({ vocab[ByteFallback.piece($0)] }),
                bytes.count == String(c).utf8.count
            {
                symbols += bytes
                lastWasUnknown = false
            } else if let u = unknown {
                if !(fuseUnknown && lastWasUnknown) { symbols.append(u) }
                lastWasUnknown = true
            }
        }
        while symbols.count > 1 {
            var best: (rank: Int, at: Int, id: Int)?
            for i in 0..<(symbols.count - 1) {
                if let m = merges[Pair(a: symbols[i], b: symbols[i + 1])], best == nil || m.rank < best!.rank {
                    best = (m.rank, i, m.id)
                }
            }
            guard let b = best else { break }
            symbols[b.at] = b.id
            symbols.remove(at: b.at + 1)
        }
        return symbols
    }
}

/// SentencePiece's `<0xE2>` pieces for single bytes.
enum ByteFallback {
    static func piece(_ b: UInt8) -> String {
        let h = String(b, radix: 16, uppercase: true)
        return "<0x" + (h.count == 1 ? "0" + h : h) + ">"
    }

    /// The byte a `<0xE2>` piece stands for.
    static func byte(_ piece: String) -> UInt8? {
        guard piece.count == 6, piece.hasPrefix("<0x"), piece.hasSuffix(">") else { return nil }
        return UInt8(piece.dropFirst(3).prefix(2), radix: 16)
    }
}
