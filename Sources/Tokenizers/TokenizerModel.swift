import AttentionCore
import Foundation
import ModelFormats

#if canImport(Glibc)
    import Glibc
#endif

/// The model stage of a tokenizer (tokenizers' `Model`): how one pre-tokenized word becomes
/// vocabulary ids. WordPiece, BPE and Unigram are its three kinds, each written once; every
/// source (tokenizer.json, vocab.txt, vocab.json + merges.txt, a GGUF vocabulary) builds one.
protocol TokenizerModel: Sendable {
    /// Piece → id of the model's own vocabulary.
    var vocabulary: [PieceKey: Int] { get }
    func tokenize(_ word: String) -> [Int]
}

/// tokenizer.json's `model` object, by its type.
enum TokenizerModels {
    static func parse(_ value: Any?) throws(ModelError) -> any TokenizerModel {
        let f = try JSONFields(value, "model")
        switch f.type ?? (f.has("merges") ? "BPE" : f.has("continuing_subword_prefix") ? "WordPiece" : nil) {
        case "WordPiece": return try WordPieceModel(f)
        case "BPE": return try BPEModel(f)
        case "Unigram": return try UnigramModel(f)
        case let other:
            throw .tokenizer(
                "the model \(other.map { "'\(shortened($0, limit: 40))'" } ?? "without a type") is not supported "
                    + "(WordPiece, BPE and Unigram are)")
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
/// The text is kept as it is (a short piece is a small string, nothing allocated) and hashed and
/// compared on its UTF-8 bytes.
struct PieceKey: Hashable, Sendable {
    let text: String

    init(_ s: String) { text = s }

    init(_ s: Substring) { text = String(s) }

    static func == (a: PieceKey, b: PieceKey) -> Bool {
        guard a.text.utf8.count == b.text.utf8.count else { return false }
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension Dictionary where Key == PieceKey {
    subscript(_ s: String) -> Value? { self[PieceKey(s)] }
}
