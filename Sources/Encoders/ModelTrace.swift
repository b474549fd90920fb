import AttentionCore
import ModelFormats
import Tokenizers

/// One forward pass of a trained model: every layer's attention, the inspected layer in full.
public struct ModelTrace: Equatable, Sendable {
    public var encoding: Encoding
    /// [layer][head], each n × n, rows summing to 1.
    public var maps: AttentionMaps
    public var inspectedLayer: Int
    /// The inspected layer as the toy engine's views know a trace: X is the layer's input, Q/K/V
    /// include their biases, W_* are stored input × output, output is concat·W_o + b_o.
    public var layer: AttentionTrace
    /// The last layer's hidden states, n × hidden.
    public var hidden: Matrix

    public init(encoding: Encoding, maps: AttentionMaps, inspectedLayer: Int, layer: AttentionTrace, hidden: Matrix) {
        self.encoding = encoding
        self.maps = maps
        self.inspectedLayer = inspectedLayer
        self.layer = layer
        self.hidden = hidden
    }

    public var layers: Int { maps.layers }
    public var heads: Int { maps.heads }
    public var tokenCount: Int { encoding.count }

    /// Every map as a matrix, [layer][head] (the dumps and the tests; views ask `maps` a layer at a time).
    public var attentions: [[Matrix]] { maps.all }

    /// Mean over the heads of each layer.
    public func layerAverages() -> [Matrix] {
        (0..<layers).map { AttentionEngine.aggregate(maps.layer($0), .mean) }
    }

    /// The trace without its maps (their counts kept): what the window holds once the views
    /// have what they draw.
    public func releasingMaps() -> ModelTrace {
        var t = self
        t.maps = maps.released()
        return t
    }

    /// Attention rollout (Abnar & Zuidema, 2020): R_0 = Â_0, R_l = Â_l·R_(l-1), with
    /// Â_l = ½·mean_heads(A_l) + ½·I for the residual path. Element l is the rollout through layer l.
    public func rollouts(averages: [Matrix]? = nil) -> [Matrix] {
        var out: [Matrix] = []
        for a in averages ?? layerAverages() { out.append(Self.rollout(a, after: out.last)) }
        return out
    }

    /// One rollout step: Â·R with Â = ½·average + ½·I (R absent at the first layer: Â itself).
    /// The window takes the layers one at a time, so only one n × n rollout is alive at once.
    public static func rollout(_ average: Matrix, after previous: Matrix?) -> Matrix {
        var hat = average
        for i in 0..<hat.storage.count { hat.storage[i] *= 0.5 }
        for i in 0..<average.rows { hat[i, i] += 0.5 }
        return previous.map { AttentionEngine.multiply(hat, $0) } ?? hat
    }

    /// Positions of [CLS] and [SEP] (RoBERTa's and MPNet's <s> and </s>).
    public var specialPositions: [Int] {
        encoding.tokens.indices.filter {
            HeadPattern.classTokens.contains(encoding.tokens[$0])
                || HeadPattern.separators.contains(encoding.tokens[$0])
        }
    }
}

extension Matrix {
    /// Rows and columns `keep` (a square matrix), each row rescaled to sum to 1 again: what is
    /// left when some keys are hidden. A row whose kept weights are all 0 stays 0.
    public func keeping(_ keep: [Int], renormalize: Bool) -> Matrix {
        let m = keep.count
        var out = Matrix(rows: m, cols: m)
        for (a, i) in keep.enumerated() {
            var sum: Float = 0
            for (b, j) in keep.enumerated() {
                let v = self[i, j]
                out[a, b] = v
                sum += v
            }
            if renormalize && sum > 0 {
                let inv = 1 / sum
                for b in 0..<m { out[a, b] *= inv }
            }
        }
        return out
    }

    /// The rows `keep`, every column.
    public func keepingRows(_ keep: [Int]) -> Matrix {
        var s: [Float] = []
        s.reserveCapacity(keep.count * cols)
        for r in keep { s.append(contentsOf: row(r)) }
        return Matrix(rows: keep.count, cols: cols, storage: s)
    }
}

extension AttentionTrace {
    /// The trace with only tokens `keep`: rows of X, Q, K, V, outputs kept; scores cut to the kept
    /// keys; weights cut and renormalized over them (the head outputs stay the model's own).
    public func keeping(_ keep: [Int]) -> AttentionTrace {
        var t = self
        t.tokens = keep.map { tokens[$0] }
        t.x = x.keepingRows(keep)
        t.q = q.keepingRows(keep)
        t.k = k.keepingRows(keep)
        t.v = v.keepingRows(keep)
        t.heads = heads.map { h in
            HeadTrace(
                scores: h.scores.keeping(keep, renormalize: false), weights: h.weights.keeping(keep, renormalize: true),
                output: h.output.keepingRows(keep))
        }
        t.average = AttentionEngine.aggregate(t.heads.map(\.weights), settings.aggregation)
        t.concat = concat.keepingRows(keep)
        t.output = output.keepingRows(keep)
        return t
    }
}
