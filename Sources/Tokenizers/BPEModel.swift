import AttentionCore
import Foundation
import ModelFormats
import Synchronization

/// Merges by rank over a word's characters, with the options tokenizers' BPE has: a prefix on
/// pieces inside a word, a suffix on the last, bytes as `<0xE2>` pieces for characters the
/// vocabulary lacks, runs of unknowns fused.
struct BPEModel: TokenizerModel {
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

    /// Words seen before (typing re-encodes the same words on every keystroke).
    let cache = WordCache()

    var vocabulary: [PieceKey: Int] { vocab }

    /// A byte-level BPE from a list of pieces and "left right" merges (a GGUF vocabulary): the
    /// first of two equal pieces keeps the name; a merge naming a piece the list lacks is skipped.
    /// `ignoreMerges`: a word that is a piece is that piece, merges or not (Llama 3's, as
    /// llama.cpp and its tokenizer.json have it).
    init(pieces: [String], merges: [String], unknown: Int?, ignoreMerges: Bool = false) {
        var vocab: [PieceKey: Int] = [:]
        vocab.reserveCapacity(pieces.count)
        for (i, p) in pieces.enumerated() {
            let key = PieceKey(p)
            if vocab[key] == nil { vocab[key] = i }
        }
        var table: [Pair: (rank: Int, id: Int)] = [:]
        table.reserveCapacity(merges.count)
        for (rank, m) in merges.enumerated() {
            guard let space = m.utf8.firstIndex(of: 0x20) else { continue }
            let left = m[..<space]
            let right = m[m.utf8.index(after: space)...]
            guard let a = vocab[PieceKey(left)], let b = vocab[PieceKey(right)],
                let merged = vocab[PieceKey(String(left) + String(right))]
            else { continue }
            if table[Pair(a: a, b: b)] == nil { table[Pair(a: a, b: b)] = (rank, merged) }
        }
        self.vocab = vocab
        self.merges = table
        self.unknown = unknown
        fuseUnknown = false
        byteFallback = false
        prefix = ""
        suffix = ""
        self.ignoreMerges = ignoreMerges
    }

    init(_ f: JSONFields) throws(ModelError) {
        let vocab = try TokenizerModels.vocabulary(f)
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
        if let hit = cache.get(word) { return hit }
        let ids = merge(word)
        cache.put(word, ids)
        return ids
    }

    private func merge(_ word: String) -> [Int] {
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

/// A bounded memo of words to ids, shared across threads.
final class WordCache: Sendable {
    private let words = Mutex<[String: [Int]]>([:])

    func get(_ word: String) -> [Int]? { words.withLock { $0[word] } }

    func put(_ word: String, _ ids: [Int]) {
        words.withLock { c in
            if c.count > 50_000 { c.removeAll() }
            c[word] = ids
        }
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
