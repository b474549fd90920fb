/// The forward pass: text → tokens → X → Q, K, V → per-head softmax(QKᵀ/√d_k)·V → output.
///
/// Row-vector convention throughout: Q = X·W_q. Head h owns columns [h·d_k, (h+1)·d_k).
public enum AttentionEngine {
    /// Tokenizes, embeds and runs attention; every failure is a typed, readable error.
    public static func run(text: String, mode: TokenMode, settings: AttentionSettings) -> Result<AttentionTrace, AttentionError> {
        switch Tokenizer.tokenize(text, mode: mode) {
        case let .failure(e): return .failure(.tokenization(e))
        case let .success(t): return run(tokenization: t, settings: settings)
        }
    }

    public static func run(tokenization: Tokenization, settings: AttentionSettings) -> Result<AttentionTrace, AttentionError> {
        if let error = settings.validate(tokenCount: tokenization.tokens.count) { return .failure(error) }
        let x = Embedding.embed(tokenization, dModel: settings.dModel, seed: settings.seed, positional: settings.positional)
        let projections = Projections.seeded(dModel: settings.dModel, seed: settings.seed)
        return .success(forward(tokens: tokenization.tokens, mode: tokenization.mode, x: x,
                                projections: projections, settings: settings))
    }

    /// Attention on a given X and projections (the hand-worked examples start here).
    public static func forward(tokens: [String], mode: TokenMode, x: Matrix, projections: Projections, settings: AttentionSettings) -> AttentionTrace {
        let n = x.rows
        let d = settings.dModel
        let heads = settings.heads
        let dk = settings.dK
        precondition(x.cols == d && n == tokens.count && n > 0 && heads > 0 && d % heads == 0)

        let q = multiply(x, projections.wq)
        let k = multiply(x, projections.wk)
        let v = multiply(x, projections.wv)

        let scale: Float = settings.scaleScores ? 1 / Float(dk).squareRoot() : 1
        let invT = 1 / settings.temperature
        let mask = settings.mask
        let parallel = 4 * n * n * dk >= Parallel.parallelFlops
        var concat = uninitialized(n * d)
        var headTraces: [HeadTrace] = []
        headTraces.reserveCapacity(heads)
        // Heads run one after another; each head's matrix products and softmax rows are split
        // across cores, so every buffer is written inside its own initializer.
        for h in 0..<heads {
            let scores = [Float](unsafeUninitializedCapacity: n * n) { buf, count in
                q.storage.withUnsafeBufferPointer { qp in
                k.storage.withUnsafeBufferPointer { kp in
                    // scores = Q_h · (K_hᵀ · scale); the scale rides along in the packing of Kᵀ.
                    Gemm.multiply(a: qp.baseAddress! + h * dk, lda: d, b: kp.baseAddress! + h * dk, bRow: 1, bCol: d,
                                  bScale: scale, c: buf.baseAddress!, ldc: n, m: n, n: n, k: dk, parallel: parallel)
                }}
                count = n * n
            }
            let weights = [Float](unsafeUninitializedCapacity: n * n) { buf, count in
                scores.withUnsafeBufferPointer { sp in
                    let src = SharedPointer(sp.baseAddress!), dst = SharedPointer(buf.baseAddress!)
                    let chunks = parallel ? Parallel.cores : 1
                    Parallel.forEach(chunks, parallel: parallel) { chunk in
                        for i in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                            Softmax.row(scores: UnsafePointer(src.base) + i * n, weights: dst.base + i * n, n: n,
                                        visible: mask.visibleKeys(query: i, tokenCount: n), invTemperature: invT)
                        }
                    }
                }
                count = n * n
            }
            weights.withUnsafeBufferPointer { wp in
            v.storage.withUnsafeBufferPointer { vp in
            concat.withUnsafeMutableBufferPointer { cp in
                Gemm.multiply(a: wp.baseAddress!, lda: n, b: vp.baseAddress! + h * dk, bRow: d, bCol: 1, bScale: 1,
                              c: cp.baseAddress! + h * dk, ldc: d, m: n, n: dk, k: n, parallel: parallel)
            }}}
            headTraces.append(HeadTrace(
                scores: Matrix(rows: n, cols: n, storage: scores),
                weights: Matrix(rows: n, cols: n, storage: weights),
                output: Matrix(rows: n, cols: dk)))
        }
        let concatM = Matrix(rows: n, cols: d, storage: concat)
        for h in 0..<heads { headTraces[h].output = concatM.columns(h * dk, count: dk) }
        let output = multiply(concatM, projections.wo)
        let average = aggregate(headTraces.map(\.weights), settings.aggregation)
        return AttentionTrace(
            tokens: tokens, mode: mode, settings: settings,
            effectivePadding: mask.effectivePadding(tokenCount: n),
            x: x, projections: projections, q: q, k: k, v: v,
            heads: headTraces, average: average, concat: concatM, output: output)
    }

    // MARK: - Helpers

    static func uninitialized(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buf, initialized in
            buf.initialize(repeating: 0)
            initialized = count
        }
    }

    /// A·B for whole matrices.
    public static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.cols == b.rows)
        var c = uninitialized(a.rows * b.cols)
        a.storage.withUnsafeBufferPointer { ap in
        b.storage.withUnsafeBufferPointer { bp in
        c.withUnsafeMutableBufferPointer { cp in
            guard let abase = ap.baseAddress, let bbase = bp.baseAddress, let cbase = cp.baseAddress else { return }
            Gemm.multiply(a: abase, lda: a.cols, b: bbase, bRow: b.cols, bCol: 1, bScale: 1,
                          c: cbase, ldc: b.cols, m: a.rows, n: b.cols, k: a.cols, parallel: true)
        }}}
        return Matrix(rows: a.rows, cols: b.cols, storage: c)
    }

    /// Element-wise mean or max of equally shaped matrices.
    static func aggregate(_ ms: [Matrix], _ how: HeadAggregation) -> Matrix {
        guard var acc = ms.first else { return Matrix(rows: 0, cols: 0) }
        for m in ms.dropFirst() {
            for i in acc.storage.indices {
                acc.storage[i] = how == .mean ? acc.storage[i] + m.storage[i] : Swift.max(acc.storage[i], m.storage[i])
            }
        }
        if how == .mean {
            let inv = 1 / Float(ms.count)
            for i in acc.storage.indices { acc.storage[i] *= inv }
        }
        return acc
    }
}
