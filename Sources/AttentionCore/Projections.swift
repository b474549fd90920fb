/// The four learned-looking matrices of one attention layer, drawn from the seed.
public struct Projections: Equatable, Sendable {
    public var wq: Matrix
    public var wk: Matrix
    public var wv: Matrix
    public var wo: Matrix

    public init(wq: Matrix, wk: Matrix, wv: Matrix, wo: Matrix) {
        self.wq = wq
        self.wk = wk
        self.wv = wv
        self.wo = wo
    }

    /// Gain chosen so that, with unit-variance X, a scaled score has standard deviation ≈ 2:
    /// softmax is then neither flat nor one-hot (each of Q and K carries a factor √2).
    static let gain: Float = 1.414_213_6

    /// d_model × d_model matrices, uniform with variance gain²/d_model, one stream per matrix.
    public static func seeded(dModel: Int, seed: UInt64) -> Projections {
        func draw(_ tag: UInt64) -> Matrix {
            var g = SplitMix64(seed: StableHash.combine(tag, seed))
            let a = gain * Embedding.unitScale / Float(dModel).squareRoot()
            let data = (0..<(dModel * dModel)).map { _ in g.nextSigned() * a }
            return Matrix(rows: dModel, cols: dModel, storage: data)
        }
        return Projections(wq: draw(0x5751), wk: draw(0x574b), wv: draw(0x5756), wo: draw(0x574f))
    }
}
