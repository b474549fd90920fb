/// The forward pass: text → tokens → X → Q, K, V → per-head softmax(QKᵀ/√d_k)·V → output.
///
/// Row-vector convention throughout: Q = X·W_q. Head h owns columns [h·d_k, (h+1)·d_k).
public enum AttentionEngine {
    /// Tokenizes, embeds and runs attention; every failure is a typed, readable error.
    public static func run(text: String, mode: TokenMode, settings: AttentionSettings) -> Result<
        AttentionTrace, AttentionError
    > {
        switch Tokenizer.tokenize(text, mode: mode) {
        case .failure(let e): return .failure(.tokenization(e))
        case .success(let t): return run(tokenization: t, settings: settings)
        }
    }

    /// Why `run` would refuse this input and these settings, without running it (nil: it would not).
    public static func check(text: String, mode: TokenMode, settings: AttentionSettings) -> AttentionError? {
        switch Tokenizer.tokenize(text, mode: mode) {
        case .failure(let e): return .tokenization(e)
        case .success(let t): return settings.validate(tokenCount: t.tokens.count)
        }
    }

    public static func run(tokenization: Tokenization, settings: AttentionSettings) -> Result<
        AttentionTrace, AttentionError
    > {
        // Never cancelled, so never nil.
        run(tokenization: tokenization, settings: settings, cancelled: nil) ?? .failure(.emptyInput)
    }

    /// As `run`, giving up (nil) when `cancelled` says so; it is asked before each head.
    public static func run(
        tokenization: Tokenization, settings: AttentionSettings,
        cancelled: (@Sendable () -> Bool)?
    ) -> Result<AttentionTrace, AttentionError>? {
        if let error = settings.validate(tokenCount: tokenization.tokens.count) { return .failure(error) }
        let x = Embedding.embed(
            tokenization, dModel: settings.dModel, seed: settings.seed, positional: settings.positional)
        let projections = Projections.seeded(dModel: settings.dModel, seed: settings.seed)
        return forward(
            tokens: tokenization.tokens, mode: tokenization.mode, x: x, projections: projections,
            settings: settings, cancelled: cancelled
        ).map { .success($0) }
    }

    /// Attention on a given X and projections (the hand-worked examples start here).
    public static func forward(
        tokens: [String], mode: TokenMode, x: Matrix, projections: Projections, settings: AttentionSettings
    ) -> AttentionTrace {
        // Never cancelled, so never nil.
        forward(tokens: tokens, mode: mode, x: x, projections: projections, settings: settings, cancelled: nil)!
    }

    static func forward(
        tokens: [String], mode: TokenMode, x: Matrix, projections: Projections, settings: AttentionSettings,
        cancelled: (@Sendable () -> Bool)?
    ) -> AttentionTrace? {
        let n = x.rows
        let d = settings.dModel
        let heads = settings.heads
        let dk = settings.dK
        precondition(x.cols == d && n == tokens.count && n > 0 && heads > 0 && d % heads == 0)

        let q = multiply(x, projections.wq)
        let k = multiply(x, projections.wk)
        let v = multiply(x, projections.wv)

        let scale: Float = settings.scaleScores ? 1 / Float(dk).squareRoot() : 1
        guard
            let (headTraces, concatM) = attendHeads(
                n: n, d: d, heads: heads, q: q, k: k, v: v, scale: scale,
                invTemperature: 1 / settings.temperature, mask: settings.mask,
                cancelled: cancelled)
        else { return nil }
        let mask = settings.mask
        let output = multiply(concatM, projections.wo)
        let average = aggregate(headTraces.map(\.weights), settings.aggregation)
        return AttentionTrace(
            tokens: tokens, mode: mode, settings: settings,
            effectivePadding: mask.effectivePadding(tokenCount: n),
            x: x, projections: projections, q: q, k: k, v: v,
            heads: headTraces, average: average, concat: concatM, output: output)
    }

    /// softmax(Q_h·K_hᵀ·scale / T)·V_h for every head, each head's output in its own d_k columns
    /// of concat. Q, K and V are n × d row-major; the trained models' layers share this step.
    package static func attendHeads(
        n: Int, d: Int, heads: Int, q: Matrix, k: Matrix, v: Matrix, scale: Float,
        invTemperature invT: Float, mask: MaskSpec, bias: ScoreBias? = nil
    ) -> (heads: [HeadTrace], concat: Matrix) {
        // Never cancelled, so never nil.
        attendHeads(
            n: n, d: d, heads: heads, q: q, k: k, v: v, scale: scale, invTemperature: invT, mask: mask, bias: bias,
            cancelled: nil)!
    }

    /// `attendHeads`, asking `cancelled` before each head; nil when it said to stop.
    static func attendHeads(
        n: Int, d: Int, heads: Int, q: Matrix, k: Matrix, v: Matrix, scale: Float,
        invTemperature invT: Float, mask: MaskSpec, bias: ScoreBias? = nil,
        cancelled: (@Sendable () -> Bool)?
    ) -> (heads: [HeadTrace], concat: Matrix)? {
        let dk = d / heads
        let attentionFlops = 4 * n * n * dk * heads
        // Several heads of moderate size: one head per core at a time, each on one thread (no
        // hand-offs inside small products). One head, or long sequences whose n × n buffers would
        // fight over the cache: heads in turn, each head's products and rows split across cores.
        let acrossHeads = heads > 1 && n <= 512 && attentionFlops >= Parallel.parallelFlops
        let inner = !acrossHeads && attentionFlops >= Parallel.parallelFlops
        var concat = uninitialized(n * d)
        let slots = UnsafeMutablePointer<HeadTrace?>.allocate(capacity: heads)
        slots.initialize(repeating: nil, count: heads)
        defer {
            slots.deinitialize(count: heads)
            slots.deallocate()
        }
        q.storage.withUnsafeBufferPointer { qp in
            k.storage.withUnsafeBufferPointer { kp in
                v.storage.withUnsafeBufferPointer { vp in
                    concat.withUnsafeMutableBufferPointer { cp in
                        let sq = SharedPointer(qp.baseAddress!)
                        let sk = SharedPointer(kp.baseAddress!)
                        let sv = SharedPointer(vp.baseAddress!)
                        let sc = SharedPointer(cp.baseAddress!)
                        let out = SharedPointer(slots)
                        // Each head writes its own slot and its own d_k columns of concat: no overlap.
                        Parallel.forEach(heads, parallel: acrossHeads) { h in
                            if let cancelled, cancelled() { return }
                            out.base[h] = head(
                                h, n: n, d: d, dk: dk, q: UnsafePointer(sq.base), k: UnsafePointer(sk.base),
                                v: UnsafePointer(sv.base), concat: sc.base, scale: scale, invT: invT, mask: mask,
                                bias: bias, parallel: inner)
                        }
                    }
                }
            }
        }
        guard (0..<heads).allSatisfy({ slots[$0] != nil }) else { return nil }
        var headTraces = (0..<heads).compactMap { slots[$0] }
        let concatM = Matrix(rows: n, cols: d, storage: concat)
        for h in 0..<heads { headTraces[h].output = concatM.columns(h * dk, count: dk) }
        return (headTraces, concatM)
    }

    /// One head: scaled scores, masked softmax, and weights·V_h into its columns of concat.
    static func head(
        _ h: Int, n: Int, d: Int, dk: Int, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
        v: UnsafePointer<Float>, concat: UnsafeMutablePointer<Float>, scale: Float, invT: Float,
        mask: MaskSpec, bias: ScoreBias? = nil, parallel: Bool
    ) -> HeadTrace {
        let scores = LargeBuffer.make(n * n) { out in
            // scores = Q_h · (K_hᵀ · scale); the scale rides along in the packing of Kᵀ.
            Gemm.multiply(
                a: q + h * dk, lda: d, b: k + h * dk, bRow: 1, bCol: d,
                bScale: scale, c: out, ldc: n, m: n, n: n, k: dk, parallel: parallel)
            bias?.add(head: h, to: out, n: n)
        }
        let weights = LargeBuffer.make(n * n) { out in
            scores.withUnsafeBufferPointer { sp in
                let src = SharedPointer(sp.baseAddress!)
                let dst = SharedPointer(out)
                let chunks = parallel ? Parallel.cores : 1
                Parallel.forEach(chunks, parallel: parallel) { chunk in
                    for i in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                        Softmax.row(
                            scores: UnsafePointer(src.base) + i * n, weights: dst.base + i * n, n: n,
                            visible: mask.visibleKeys(query: i, tokenCount: n), invTemperature: invT)
                    }
                }
            }
        }
        weights.withUnsafeBufferPointer { wp in
            Gemm.multiply(
                a: wp.baseAddress!, lda: n, b: v + h * dk, bRow: d, bCol: 1, bScale: 1,
                c: concat + h * dk, ldc: d, m: n, n: dk, k: n, parallel: parallel)
        }
        return HeadTrace(
            scores: Matrix(rows: n, cols: n, storage: scores),
            weights: Matrix(rows: n, cols: n, storage: weights),
            output: Matrix(rows: n, cols: dk))
    }

    // MARK: - Helpers

    static func uninitialized(_ count: Int) -> [Float] {
        LargeBuffer.zeros(count)
    }

    /// A·B for whole matrices.
    public static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.cols == b.rows)
        var c = uninitialized(a.rows * b.cols)
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    guard let abase = ap.baseAddress, let bbase = bp.baseAddress, let cbase = cp.baseAddress else {
                        return
                    }
                    Gemm.multiply(
                        a: abase, lda: a.cols, b: bbase, bRow: b.cols, bCol: 1, bScale: 1,
                        c: cbase, ldc: b.cols, m: a.rows, n: b.cols, k: a.cols, parallel: true)
                }
            }
        }
        return Matrix(rows: a.rows, cols: b.cols, storage: c)
    }

    /// Element-wise mean or max of equally shaped matrices (vectorized; fixed summation order).
    package static func aggregate(_ ms: [Matrix], _ how: HeadAggregation) -> Matrix {
        guard let first = ms.first else { return Matrix(rows: 0, cols: 0) }
        let count = first.storage.count
        let inv = 1 / Float(ms.count)
        let out = LargeBuffer.make(count) { dst in
            dst.initialize(from: first.storage, count: count)
            for m in ms.dropFirst() {
                m.storage.withUnsafeBufferPointer { src in
                    guard let s = src.baseAddress else { return }
                    combine(dst, s, count: count, how)
                }
            }
            if how == .mean {
                for i in 0..<count { dst[i] *= inv }
            }
        }
        return Matrix(rows: first.rows, cols: first.cols, storage: out)
    }
}

/// A term added to every head's scores before the softmax: MPNet's relative-position bias,
/// one value per (head, key − query distance bucket).
package struct ScoreBias: Sendable {
    /// heads × buckets.
    package let table: [Float]
    package let buckets: Int
    /// n × n: the bucket of each (query, key).
    package let bucketOf: [Int32]

    package init(table: [Float], buckets: Int, bucketOf: [Int32]) {
        self.table = table
        self.buckets = buckets
        self.bucketOf = bucketOf
    }

    func add(head h: Int, to scores: UnsafeMutablePointer<Float>, n: Int) {
        precondition(bucketOf.count == n * n)
        for i in 0..<(n * n) { scores[i] += table[h * buckets + Int(bucketOf[i])] }
    }
}
