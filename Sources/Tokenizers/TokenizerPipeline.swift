import AttentionCore
import Foundation
import ModelFormats

/// A Hugging Face `tokenizer.json` run as the `tokenizers` package runs it: added tokens found
/// in the raw text, then normalizer → pre-tokenizer → model on the text between them, then the
/// post-processor's special tokens. Any component it does not know is refused by name.
public final class TokenizerPipeline: Sendable {
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizerStep?
    let model: any TokenizerModel
    let post: PostProcessor
    /// Added tokens: typed in the text, they stay whole.
    let added: SpecialTokens
    /// id → the piece's text as the vocabulary spells it.
    public let pieces: [String]
    let style: Style

    /// How pieces are spelled, so the views can show them readably.
    enum Style: Sendable {
        case plain
        case byteLevel
        case metaspace(String)
    }

    /// A pipeline from its parts. `pieces`: id → piece text when the source lists them (a GGUF
    /// vocabulary, whose repeated pieces keep their ids); else from the vocabularies.
    init(
        normalizer: Normalizer?, preTokenizer: PreTokenizerStep?, model: any TokenizerModel, post: PostProcessor,
        added: [SpecialTokens.Token], pieces given: [String]? = nil, style: Style
    ) throws(ModelError) {
        if let growth = normalizer?.growth, growth > Normalizer.maxGrowth {
            throw .tokenizer(
                "the normalizer's Replace can make a text \(Int(min(growth, 1e15))) times longer; "
                    + "AttnViz reads at most \(Int(Normalizer.maxGrowth)) times")
        }
        var pieces: [String]
        if let given {
            pieces = given
        } else {
            var vocab = model.vocabulary
            for a in added { vocab[PieceKey(a.text)] = a.id }
            // Every id is in 0..<maxPieces (the model's vocabulary and the added tokens are checked).
            let count = (vocab.values.max() ?? -1) + 1
            pieces = [String](repeating: "", count: max(0, count))
            for (piece, id) in vocab { pieces[id] = piece.text }
        }
        guard !pieces.isEmpty else { throw .tokenizer("the vocabulary is empty") }
        for p in post.single + post.pair {
            if case .special(let ids, _, _) = p, let bad = ids.first(where: { !(0..<pieces.count).contains($0) }) {
                throw .tokenizer(
                    "the post-processor's special token id \(bad) is outside the vocabulary of \(pieces.count)")
            }
        }
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.post = post
        self.added = SpecialTokens(added)
        self.pieces = pieces
        self.style = style
    }

    static func style(_ p: PreTokenizerStep?, _ decoder: Any?) -> Style {
        func find(_ p: PreTokenizerStep?) -> Style? {
            switch p {
            case .byteLevel?: return .byteLevel
            case .metaspace(let r, _, _)?: return .metaspace(r)
            case .sequence(let steps)?: return steps.lazy.compactMap(find).first
            default: return nil
            }
        }
        if let s = find(p) { return s }
        let d = String(describing: decoder ?? "")
        if d.contains("ByteLevel") { return .byteLevel }
        if d.contains("Metaspace") || d.contains("\u{2581}") { return .metaspace("\u{2581}") }
        return .plain
    }

    public var count: Int { pieces.count }

    /// Separates sentence A from sentence B in what is typed: `[CLS] A [SEP] B [SEP]`.
    public static let pairSeparator = " ||| "

    /// The most pieces a vocabulary may name (the largest real ones hold about 260,000).
    static let maxPieces = 10_000_000

    /// The largest token type id the post-processor gives a single text and a pair.
    public var largestTypeID: (single: Int, pair: Int) {
        (post.single.map(\.type).max() ?? 0, post.pair.map(\.type).max() ?? 0)
    }

    /// The ids of one text without the special tokens around it.
    public func tokenIDs(_ text: String) -> [Int] {
        var out: [Int] = []
        for part in added.split(text) {
            switch part {
            case .special(let id): out.append(id)
            case .text(let t):
                let normalized = normalizer?.apply(t) ?? t
                let words = preTokenizer?.apply([normalized]) ?? [normalized]
                for w in words where !w.isEmpty { out += model.tokenize(w) }
            }
        }
        return out
    }

    /// One text, or a pair around " ||| ", with the post-processor's special tokens.
    public func encode(_ text: String) -> Encoding {
        let parts: [String]
        if let r = text.range(of: TokenizerPipeline.pairSeparator) {
            parts = [String(text[..<r.lowerBound]), String(text[r.upperBound...])]
        } else {
            parts = [text]
        }
        let sequences = parts.map(tokenIDs)
        var e = Encoding(tokens: [], ids: [], types: [], isPair: parts.count == 2)
        for step in parts.count == 2 ? post.pair : post.single {
            switch step {
            case .special(let ids, _, let type):
                e.ids += ids
                e.types += Array(repeating: type, count: ids.count)
            case .sequence(let which, let type):
                guard which < sequences.count else { continue }
                e.ids += sequences[which]
                e.types += Array(repeating: type, count: sequences[which].count)
            }
        }
        e.tokens = e.ids.map(readable)
        return e
    }

    /// One text with the single-sequence special tokens, never split as a pair (a decoder's prompt).
    public func singleIDs(_ text: String) -> [Int] {
        let ids = tokenIDs(text)
        var out: [Int] = []
        for step in post.single {
            switch step {
            case .special(let special, _, _): out += special
            case .sequence: out += ids
            }
        }
        return out
    }

    public func isAdded(_ id: Int) -> Bool { added.contains(id: id) }

    /// The bytes a token stands for: an added token's text, a byte piece's byte, a byte-level
    /// piece's bytes, a metaspace piece with its mark as a space.
    public func bytes(_ id: Int) -> [UInt8] {
        guard (0..<pieces.count).contains(id) else { return [] }
        let p = pieces[id]
        if isAdded(id) { return ByteFallback.byte(p).map { [$0] } ?? Array(p.utf8) }
        if let b = ByteFallback.byte(p) { return [b] }
        switch style {
        case .plain: return Array(p.utf8)
        case .byteLevel: return ByteLevel.decode(p) ?? Array(p.utf8)
        case .metaspace(let r): return Array(p.replacingOccurrences(of: r, with: " ").utf8)
        }
    }

    /// One piece as a lecturer reads it: ␣ for a space, ⟨0xE2⟩ for a byte, "##" kept.
    public func readable(_ id: Int) -> String {
        guard (0..<pieces.count).contains(id) else { return "⟨\(id)⟩" }
        let p = pieces[id]
        if let b = ByteFallback.byte(p) { return ByteLevel.readable([b]) }
        if added.contains(id: id) { return p }
        switch style {
        case .plain: return p
        case .byteLevel: return ByteLevel.decode(p).map(ByteLevel.readable) ?? p
        case .metaspace(let r): return p.replacingOccurrences(of: r, with: "␣")
        }
    }
}
