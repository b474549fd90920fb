import AttentionCore

/// The numbers of one query–key–head walk, straight from the trace.
public struct Explanation: Equatable, Sendable {
    public var query: Int
    public var key: Int
    public var head: Int
    public var q: [Float]
    public var k: [Float]
    public var products: [Float]
    public var dot: Float
    public var divisor: Float
    public var score: Float
    /// Row `query` of the head's scores (scaled as the settings say), before the mask.
    public var scoresRow: [Float]
    public var maskedRow: [Bool]
    public var weights: [Float]
    /// softmax of the other scaling (unscaled if scaled, and vice versa), for the comparison.
    public var otherWeights: [Float]
    public var output: [Float]

    public init?(trace t: AttentionTrace, query i: Int, key j: Int, head h: Int) {
        let n = t.tokenCount
        let dk = t.dK
        guard i >= 0, j >= 0, h >= 0, i < n, j < n, h < t.heads.count else { return nil }
        query = i
        key = j
        head = h
        q = (0..<dk).map { t.q[i, h * dk + $0] }
        k = (0..<dk).map { t.k[j, h * dk + $0] }
        products = zip(q, k).map { $0 * $1 }
        dot = products.reduce(0, +)
        divisor = t.settings.scaleScores ? (t.settings.scoreDivisor ?? Float(dk).squareRoot()) : 1
        score = t.heads[h].scores[i, j]
        scoresRow = Array(t.heads[h].scores.row(i))
        let masked = (0..<n).map { t.isMasked(query: i, key: $0) }
        maskedRow = masked
        weights = Array(t.heads[h].weights.row(i))
        output = Array(t.heads[h].output.row(i))
        // The comparison row: rescale the scores by the other factor and apply the same softmax.
        let root = t.settings.scoreDivisor ?? Float(dk).squareRoot()
        let factor: Float = t.settings.scaleScores ? root : 1 / root
        let other = Array(t.heads[h].scores.row(i)).map { $0 * factor / t.settings.temperature }
        let visible = other.indices.filter { !masked[$0] }
        let mx = visible.map { other[$0] }.max() ?? 0
        var e = [Float](repeating: 0, count: n)
        for x in visible { e[x] = expf(other[x] - mx) }
        let z = e.reduce(0, +)
        otherWeights = e.map { z > 0 ? $0 / z : 0 }
    }
}

/// exp for the comparison row (display only; the engine's own weights come from the trace).
func expf(_ x: Float) -> Float {
    let ln2: Float = 0.693_147_2
    let k = (x / ln2).rounded()
    let r = x - k * ln2
    var term: Float = 1
    var sum: Float = 1
    for i in 1..<10 {
        term *= r / Float(i)
        sum += term
    }
    guard k > -126 else { return 0 }
    return sum * Float(sign: .plus, exponent: Int(k), significand: 1)
}
