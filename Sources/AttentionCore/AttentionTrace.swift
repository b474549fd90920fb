/// One head's part of the computation.
public struct HeadTrace: Equatable, Sendable {
    /// Q_h·K_hᵀ / √d_k (or unscaled, if the what-if says so), before the mask.
    public var scores: Matrix
    /// softmax over the visible keys of each row; masked entries are exactly 0.
    public var weights: Matrix
    /// weights · V_h, n × d_k.
    public var output: Matrix

    public init(scores: Matrix, weights: Matrix, output: Matrix) {
        self.scores = scores
        self.weights = weights
        self.output = output
    }
}

/// Every intermediate of one forward pass, kept for the views that show them.
public struct AttentionTrace: Equatable, Sendable {
    public var tokens: [String]
    public var mode: TokenMode
    public var settings: AttentionSettings
    /// The padding actually applied (requested padding clamped to n - 1).
    public var effectivePadding: Int
    public var x: Matrix
    public var projections: Projections
    public var q: Matrix
    public var k: Matrix
    public var v: Matrix
    public var heads: [HeadTrace]
    /// The heads combined by `settings.aggregation` (mean by default).
    public var average: Matrix
    public var concat: Matrix
    public var output: Matrix

    public init(
        tokens: [String], mode: TokenMode, settings: AttentionSettings, effectivePadding: Int, x: Matrix,
        projections: Projections, q: Matrix, k: Matrix, v: Matrix, heads: [HeadTrace], average: Matrix,
        concat: Matrix, output: Matrix
    ) {
        self.tokens = tokens
        self.mode = mode
        self.settings = settings
        self.effectivePadding = effectivePadding
        self.x = x
        self.projections = projections
        self.q = q
        self.k = k
        self.v = v
        self.heads = heads
        self.average = average
        self.concat = concat
        self.output = output
    }

    public var tokenCount: Int { tokens.count }
    public var dK: Int { settings.dK }

    /// The mask as applied to this sequence (padding clamped).
    public var appliedMask: MaskSpec {
        var m = settings.mask
        m.padding = effectivePadding
        return m
    }

    public func isMasked(query i: Int, key j: Int) -> Bool {
        settings.mask.isMasked(query: i, key: j, tokenCount: tokenCount)
    }
}
