import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// The inspected layer as it ran: its normed input, Q and K after RoPE, V, the concatenated
/// head outputs and the attention output (before the residual), one row per token.
public struct LayerCapture: Equatable, Sendable {
    public var layer: Int
    public internal(set) var tokens = 0
    var x: [Float] = []
    var q: [Float] = []
    var k: [Float] = []
    var v: [Float] = []
    var concat: [Float] = []
    var output: [Float] = []

    public init(layer: Int) { self.layer = layer }

    mutating func append(x: Matrix, q: Matrix, k: Matrix, v: Matrix, concat: Matrix, output: Matrix) {
        self.x += x.storage
        self.q += q.storage
        self.k += k.storage
        self.v += v.storage
        self.concat += concat.storage
        self.output += output.storage
        tokens += x.rows
    }

    /// The first `n` rows.
    func prefix(_ n: Int) -> LayerCapture {
        guard tokens > 0 else { return self }
        var c = self
        func cut(_ a: [Float]) -> [Float] { Array(a.prefix(n * (a.count / tokens))) }
        (c.x, c.q, c.k, c.v, c.concat, c.output) = (cut(x), cut(q), cut(k), cut(v), cut(concat), cut(output))
        c.tokens = n
        return c
    }

    func matrix(_ a: [Float]) -> Matrix { Matrix(rows: tokens, cols: tokens > 0 ? a.count / tokens : 0, storage: a) }
}
