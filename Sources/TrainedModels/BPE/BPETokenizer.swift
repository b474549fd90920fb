import AttentionCore
import Foundation
import Synchronization

/// Byte-level BPE as GPT-2, Llama 3, SmolLM and most decoders use it: pre-tokenize, map each
/// piece's UTF-8 bytes to characters, merge adjacent symbols by rank, look the symbols up.
/// Control tokens (`<|im_start|>`) typed in the text are found first and kept whole.
public final class BPETokenizer: Sendable {
    public let tokens: [String]
    let ids: [String: Int]
    /// "left right" → rank (lower merges first).
    let ranks: [String: Int]
    public let preTokenizer: PreTokenizer
    /// Control and user-defined tokens, matched in the raw text.
    let specials: SpecialTokens
    public let bos: Int?
    public let eos: Int?
    public let unknown: Int?
    public let addBOS: Bool
    /// Pieces seen before (typing re-encodes the same words on every keystroke).
    private let cache = Mutex<[String: [Int]]>([:])

    public init(
        tokens: [String], merges: [String], specialIDs: [Int], preTokenizer: PreTokenizer,
        bos: Int?, eos: Int?, unknown: Int?, addBOS: Bool
    ) throws(ModelError) {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = i }
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (r, m) in merges.enumerated() {
            let parts = m.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .gguf("tokenizer merge \(r) is '\(shortened(m))', not two symbols separated by one space")
            }
            if ranks[m] == nil { ranks[m] = r }
        }
        for id in [bos, eos, unknown].compactMap({ $0 }) where !(0..<tokens.count).contains(id) {
            throw .gguf("tokenizer special token id \(id) is outside the vocabulary of \(tokens.count)")
        }
        self.tokens = tokens
        self.ids = ids
        self.ranks = ranks
        self.preTokenizer = preTokenizer
        self.specials = SpecialTokens(
            specialIDs.filter { (0..<tokens.count).contains($0) }.map { SpecialTokens.Token(text: tokens[$0], id: $0) })
        self.bos = bos
        self.eos = eos
        self.unknown = unknown
        self.addBOS = addBOS
    }

    public var count: Int { tokens.count }

    /// Control tokens that close a turn or a text, by the families' names.
    static let endOfTextTokens: Set<String> = ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "</s>", "<|end_of_text|>"]

    /// The ids of `text`: BOS first when the model's file asks for it.
    public func encode(_ text: String) -> [Int] {
        var out: [Int] = addBOS ? bos.map { [$0] } ?? [] : []
        for part in splitSpecials(text) {
            switch part {
            case .special(let id): out.append(id)
            case .text(let t):
                for piece in preTokenizer.split(t) { out.append(contentsOf: encodePiece(piece)) }
            }
        }
        return out
    }

    /// The bytes a token stands for (a control token: its text).
    public func bytes(_ id: Int) -> [UInt8] {
        guard (0..<tokens.count).contains(id) else { return [] }
        if specials.contains(id: id) { return Array(tokens[id].utf8) }
        return ByteLevel.decode(tokens[id]) ?? Array(tokens[id].utf8)
    }

    /// Whether the model ends its text with this token (its end-of-text id, or a control token
    /// that closes a turn: <|endoftext|>, <|im_end|>, <|eot_id|>, </s>).
    public func endsText(_ id: Int) -> Bool {
        if id == eos { return true }
        guard specials.contains(id: id) else { return false }
        return BPETokenizer.endOfTextTokens.contains(tokens[id])
    }

    /// The text of some ids; bytes that do not form whole characters become U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        String(decoding: ids.flatMap(bytes), as: UTF8.self)
    }

    /// One token as a lecturer reads it (␣ for a space, ⟨0xE2⟩ for a byte of a character).
    public func readable(_ id: Int) -> String {
        guard (0..<tokens.count).contains(id) else { return "⟨\(id)⟩" }
        if specials.contains(id: id) { return tokens[id] }
        return ByteLevel.readable(bytes(id))
    }

    /// The text cut at every control token typed in it; text without one is not searched.
    func splitSpecials(_ text: String) -> [SpecialTokens.Part] {
        guard !specials.isEmpty, text.contains("<") || specials.tokens.contains(where: { !$0.text.hasPrefix("<") })
        else { return text.isEmpty ? [] : [.text(text)] }
        return specials.split(text)
    }

    /// One pre-tokenized piece: bytes → symbols → merges → ids.
    func encodePiece(_ piece: String) -> [Int] {
        if let hit = cache.withLock({ $0[piece] }) { return hit }
        var symbols = ByteLevel.encode(piece.utf8).unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var best = Int.max
            var at = -1
            for i in 0..<(symbols.count - 1) {
                if let r = ranks[symbols[i] + " " + symbols[i + 1]], r < best {
                    best = r
                    at = i
                }
            }
            if at < 0 { break }
            let left = symbols[at]
            let right = symbols[at + 1]
            var merged: [String] = []
            merged.reserveCapacity(symbols.count)
            var i = 0
            while i < symbols.count {
                if i + 1 < symbols.count && symbols[i] == left && symbols[i + 1] == right {
                    merged.append(left + right)
                    i += 2
                } else {
                    merged.append(symbols[i])
                    i += 1
                }
            }
            symbols = merged
        }
        var out: [Int] = []
        for s in symbols {
            if let id = ids[s] {
                out.append(id)
            } else {
                // A symbol the vocabulary lacks: its bytes one by one, or the unknown token.
                for c in s.unicodeScalars {
                    if let id = ids[String(c)] { out.append(id) } else if let u = unknown { out.append(u) }
                }
            }
        }
        cache.withLock { c in
            if c.count > 50_000 { c.removeAll() }
            c[piece] = out
        }
        return out
    }
}
