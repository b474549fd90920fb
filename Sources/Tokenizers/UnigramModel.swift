import AttentionCore
import Foundation
import ModelFormats

/// SentencePiece's unigram model: the split of a word whose pieces' log-probabilities sum
/// highest (Viterbi over character positions), a character no piece covers as the unknown
/// piece (scored 10 below the lowest piece, as tokenizers does), runs of unknowns fused.
struct UnigramModel: TokenizerModel {
    let ids: [PieceKey: Int]
    let scores: [Double]
    let unknown: Int
    let byteFallback: Bool
    /// The longest piece, in scalars: no candidate is longer.
    let longest: Int
    let unknownScore: Double

    var vocabulary: [PieceKey: Int] { ids }

    init(_ f: JSONFields) throws(ModelError) {
        var ids: [PieceKey: Int] = [:]
        var scores: [Double] = []
        var longest = 1
        for (i, item) in try f.array("vocab").enumerated() {
            guard let pair = item as? [Any], pair.count == 2, let piece = pair[0] as? String,
                let score = (pair[1] as? NSNumber)?.doubleValue, score.isFinite
            else { throw .tokenizer("Unigram vocabulary entry \(i) is not [piece, score]") }
            if ids[piece] == nil { ids[PieceKey(piece)] = i }
            scores.append(score)
            longest = max(longest, piece.unicodeScalars.count)
        }
        guard !scores.isEmpty else { throw .tokenizer("the Unigram vocabulary is empty") }
        let unk = f.has("unk_id") ? try f.int("unk_id") : -1
        guard (0..<scores.count).contains(unk) else {
            throw .tokenizer("Unigram's unk_id is missing or outside its vocabulary of \(scores.count)")
        }
        self.ids = ids
        self.scores = scores
        unknown = unk
        byteFallback = try f.bool("byte_fallback", default: false)
        self.longest = min(longest, 64)
        unknownScore = (scores.min() ?? 0) - 10
    }

    func tokenize(_ word: String) -> [Int] {
        let chars = Array(word.unicodeScalars)
        let n = chars.count
        guard n > 0 else { return [] }
        // best[i]: the highest score of a split of chars[0..<i], and the piece that ends it.
        var best = [Double](repeating: -.infinity, count: n + 1)
        var from = [Int](repeating: -1, count: n + 1)
        var piece = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        for start in 0..<n where best[start] > -.infinity {
            var covered = false
            var text = String.UnicodeScalarView()
            for end in (start + 1)...min(n, start + longest) {
                text.append(chars[end - 1])
                guard let id = ids[String(text)] else { continue }
                if end == start + 1 { covered = true }
                let s = best[start] + scores[id]
                if s > best[end] {
                    best[end] = s
                    from[end] = start
                    piece[end] = id
                }
            }
            if !covered {
                let s = best[start] + unknownScore
                if s > best[start + 1] {
                    best[start + 1] = s
                    from[start + 1] = start
                    piece[start + 1] = unknown
                }
            }
        }
        var spans: [(start: Int, id: Int)] = []
        var at = n
        while at > 0 {
            spans.append((from[at], piece[at]))
            at = from[at]
        }
        spans.reverse()
        var out: [Int] = []
        for (i, span) in spans.enumerated() {
            guard span.id == unknown else {
                out.append(span.id)
                continue
            }
            let end = i + 1 < spans.count ? spans[i + 1].start : n
            let bytes = Array(String(String.UnicodeScalarView(chars[span.start..<end])).utf8)
            if byteFallback, case let pieces = bytes.compactMap({ ids[ByteFallback.piece($0)] }),
                pieces.count == bytes.count
            {
                out += pieces
            } else if !(i > 0 && spans[i - 1].id == unknown) {
                out.append(unknown)
            }
        }
        return out
    }
}
