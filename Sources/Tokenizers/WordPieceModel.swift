import AttentionCore
import Foundation
import ModelFormats

/// Greedy longest match first, "##" (the file's prefix) on pieces inside a word.
struct WordPieceModel: TokenizerModel {
    let vocab: [PieceKey: Int]
    let unknown: Int
    let prefix: String
    let maxCharacters: Int

    var vocabulary: [PieceKey: Int] { vocab }

    /// BERT's own: "##" inside a word, a word over `maxCharacters` scalars is the unknown piece.
    init(vocab: [PieceKey: Int], unknown: Int, prefix: String = "##", maxCharacters: Int = 100) {
        self.vocab = vocab
        self.unknown = unknown
        self.prefix = prefix
        self.maxCharacters = maxCharacters
    }

    init(_ f: JSONFields) throws(ModelError) {
        vocab = try TokenizerModels.vocabulary(f)
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
