import AttentionCore

/// What a head does on a repeated sequence, as a number per layer and head (Olsson et al.,
/// "In-context learning and induction heads"): an induction head looks, from a token that
/// appeared before, at the token that followed it then; a previous-token head at the token just
/// before. Computed from the attention maps alone, for any input: rows without an earlier
/// occurrence of their token do not count towards the induction score.
public struct HeadScores: Equatable, Sendable {
    /// [layer][head]: the mean weight from each token with an earlier occurrence to the token
    /// after that occurrence (the most recent one).
    public var induction: [[Double]]
    /// [layer][head]: the mean weight from each token (but the first) to the one before it.
    public var previousToken: [[Double]]
    /// How many rows the induction score averages (0: no token repeats, the scores are 0).
    public var repeatedRows: Int
    /// Below this many repeated rows an induction score is noise: the views neither badge nor list it.
    public static let meaningfulRows = 8

    public init(induction: [[Double]], previousToken: [[Double]], repeatedRows: Int) {
        self.induction = induction
        self.previousToken = previousToken
        self.repeatedRows = repeatedRows
    }

    /// For each position whose token came before: the key an induction head would read, the
    /// one after the last earlier occurrence (when that is not the position itself).
    public static func targets(_ ids: [Int]) -> [(query: Int, key: Int)] {
        var last: [Int: Int] = [:]
        var out: [(query: Int, key: Int)] = []
        for (i, id) in ids.enumerated() {
            if let p = last[id], p + 1 < i { out.append((i, p + 1)) }
            last[id] = i
        }
        return out
    }

    /// One head's two scores over `n` tokens; `weight(i, j)` is its weight from query i to key j.
    public static func scores(n: Int, targets: [(query: Int, key: Int)], weight: (Int, Int) -> Float) -> (
        induction: Double, previous: Double
    ) {
        let induction =
            targets.isEmpty ? 0 : targets.reduce(0.0) { $0 + Double(weight($1.query, $1.key)) } / Double(targets.count)
        let previous = n < 2 ? 0 : (1..<n).reduce(0.0) { $0 + Double(weight($1, $1 - 1)) } / Double(n - 1)
        return (induction, previous)
    }

    /// `weight(l, h, i, j)`: head h of layer l's weight from query i to key j.
    public init(ids: [Int], layers: Int, heads: Int, weight: (Int, Int, Int, Int) -> Float) {
        let targets = Self.targets(ids)
        let all = (0..<layers).map { l in
            (0..<heads).map { h in Self.scores(n: ids.count, targets: targets) { weight(l, h, $0, $1) } }
        }
        self.init(
            induction: all.map { $0.map(\.induction) }, previousToken: all.map { $0.map(\.previous) },
            repeatedRows: targets.count)
    }

    /// The heads with the highest induction scores, best first: (layer, head, score).
    public func topInduction(_ count: Int) -> [(layer: Int, head: Int, score: Double)] {
        var all: [(layer: Int, head: Int, score: Double)] = []
        for (l, row) in induction.enumerated() { for (h, s) in row.enumerated() { all.append((l, h, s)) } }
        return Array(
            all.sorted { $0.score > $1.score || ($0.score == $1.score && ($0.layer, $0.head) < ($1.layer, $1.head)) }
                .prefix(count))
    }
}

extension DecoderState {
    /// Every head's induction and previous-token scores on this sequence.
    public var headScores: HeadScores {
        HeadScores(ids: ids, layers: layers, heads: heads) { l, h, i, j in
            // Row i of a causal map starts at i(i + 1)/2 in its packed rows.
            attentionRows[l][h][i * (i + 1) / 2 + j]
        }
    }
}
