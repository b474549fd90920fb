import Synchronization

/// What the heatmaps show of a long sequence: each head's weights and their summary, max-pooled
/// over `pool` × `pool` blocks, computed a block of rows at a time without keeping any n × n
/// matrix.
///
/// Typing into 2048 or 4096 tokens must update the picture within a frame or two; the full
/// trace (every score and weight, for the inspector, the explanation and `dump`) moves
/// 128–512 MB through memory, this pass a few megabytes. It runs the same kernels on the same
/// rows in the same order as the full pass, so its numbers are bit-identical to pooling the
/// full trace (the tests check it).
public struct PooledAttention: Equatable, Sendable {
    public var tokens: [String]
    /// How the text was read (words or numbers), as the full trace says it.
    public var mode: TokenMode
    public var pool: Int
    /// Blocks per side: ceil(n / pool).
    public var blocks: Int
    /// Per head, blocks × blocks maxima of the weights.
    public var heads: [[Float]]
    /// The maxima of the summary (mean or max of the heads, as the settings say).
    public var summary: [Float]
}

extension AttentionEngine {
    /// The pooled overview of `tokenization` under `settings`; nil when `cancelled` says to stop
    /// (checked between blocks of rows).
    public static func pooled(
        tokenization: Tokenization, settings: AttentionSettings, pool f: Int, threads: Int = .max,
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) -> Result<PooledAttention, AttentionError>? {
        let n = tokenization.tokens.count
        if let error = settings.validate(tokenCount: n) { return .failure(error) }
        precondition(f >= 1)
        let d = settings.dModel
        let heads = settings.heads
        let dk = settings.dK
        let x = Embedding.embed(tokenization, dModel: d, seed: settings.seed, positional: settings.positional)
        let projections = Projections.seeded(dModel: d, seed: settings.seed)
        let q = multiply(x, projections.wq)
        let k = multiply(x, projections.wk)
        let scale: Float = settings.scaleScores ? 1 / Float(dk).squareRoot() : 1
        let invT = 1 / settings.temperature
        let mask = settings.mask
        let how = settings.aggregation
        let m = (n + f - 1) / f
        var pooledHeads = [Float](repeating: 0, count: heads * m * m)
        var summary = [Float](repeating: 0, count: m * m)
        let chunks = n * n * dk * heads * 4 >= Parallel.parallelFlops ? max(1, min(threads, Parallel.cores, m)) : 1
        let stopped = StopFlag()
        q.storage.withUnsafeBufferPointer { qp in
            k.storage.withUnsafeBufferPointer { kp in
                pooledHeads.withUnsafeMutableBufferPointer { hp in
                    summary.withUnsafeMutableBufferPointer { sp in
                        let sq = SharedPointer(qp.baseAddress!)
                        let sk = SharedPointer(kp.baseAddress!)
                        let sh = SharedPointer(hp.baseAddress!)
                        let ss = SharedPointer(sp.baseAddress!)
                        // Each chunk owns whole blocks of rows, so it writes its own rows of the pooled maps.
                        Parallel.forEach(chunks, parallel: chunks > 1) { chunk in
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: f * n)
                            let weights = UnsafeMutablePointer<Float>.allocate(capacity: f * n)
                            let total = UnsafeMutablePointer<Float>.allocate(capacity: f * n)
                            defer {
                                scores.deallocate()
                                weights.deallocate()
                                total.deallocate()
                            }
                            for block in (m * chunk / chunks)..<(m * (chunk + 1) / chunks) {
                                if stopped.isSet || cancelled() {
                                    stopped.set()
                                    return
                                }
                                let r0 = block * f
                                let rows = min(n, r0 + f) - r0
                                for h in 0..<heads {
                                    // The same product as the full pass, on these rows only.
                                    Gemm.multiply(
                                        a: UnsafePointer(sq.base) + r0 * d + h * dk, lda: d,
                                        b: UnsafePointer(sk.base) + h * dk,
                                        bRow: 1, bCol: d, bScale: scale, c: scores, ldc: n, m: rows, n: n, k: dk,
                                        parallel: false)
                                    for r in 0..<rows {
                                        Softmax.row(
                                            scores: UnsafePointer(scores) + r * n, weights: weights + r * n, n: n,
                                            visible: mask.visibleKeys(query: r0 + r, tokenCount: n),
                                            invTemperature: invT)
                                    }
                                    poolRows(
                                        UnsafePointer(weights), rows: rows, n: n, f: f,
                                        into: sh.base + h * m * m + block * m, blocks: m)
                                    // The summary in the full pass's order: head 0, then + (or max) each next head.
                                    if h == 0 {
                                        total.update(from: weights, count: rows * n)
                                    } else {
                                        combine(total, UnsafePointer(weights), count: rows * n, how)
                                    }
                                }
                                if how == .mean {
                                    let inv = 1 / Float(heads)
                                    for i in 0..<(rows * n) { total[i] *= inv }
                                }
                                poolRows(
                                    UnsafePointer(total), rows: rows, n: n, f: f, into: ss.base + block * m, blocks: m)
                            }
                        }
                    }
                }
            }
        }
        if stopped.isSet { return nil }
        return .success(
            PooledAttention(
                tokens: tokenization.tokens, mode: tokenization.mode, pool: f, blocks: m,
                heads: (0..<heads).map { Array(pooledHeads[($0 * m * m)..<(($0 + 1) * m * m)]) },
                summary: summary))
    }

    /// total = total + w (or max), element by element: how `aggregate` and the pooled pass
    /// build the summary, in one place so both sum in the same order.
    static func combine(
        _ total: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, count: Int, _ how: HeadAggregation
    ) {
        var i = 0
        while i + 16 <= count {
            let a = UnsafeRawPointer(total + i).loadUnaligned(as: V16.self)
            let b = UnsafeRawPointer(w + i).loadUnaligned(as: V16.self)
            UnsafeMutableRawPointer(total + i).storeBytes(of: how == .mean ? a + b : vmax(a, b), as: V16.self)
            i += 16
        }
        while i < count {
            total[i] = how == .mean ? total[i] + w[i] : Swift.max(total[i], w[i])
            i += 1
        }
    }

    /// Maxima of `rows` rows of n weights over blocks of f columns, into one row of blocks:
    /// first the column maxima down the rows (vectorized), then each block of columns. Maxima
    /// are exact in any order; starting from 0 is right as weights are never negative.
    package static func poolRows(
        _ w: UnsafePointer<Float>, rows: Int, n: Int, f: Int, into out: UnsafeMutablePointer<Float>, blocks m: Int
    ) {
        let column = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { column.deallocate() }
        column.initialize(repeating: 0, count: n)
        for r in 0..<rows {
            let row = w + r * n
            var j = 0
            while j + 16 <= n {
                let a = UnsafeRawPointer(column + j).loadUnaligned(as: V16.self)
                let b = UnsafeRawPointer(row + j).loadUnaligned(as: V16.self)
                UnsafeMutableRawPointer(column + j).storeBytes(of: vmax(a, b), as: V16.self)
                j += 16
            }
            while j < n {
                if row[j] > column[j] { column[j] = row[j] }
                j += 1
            }
        }
        for bj in 0..<m {
            var best = out[bj]
            for j in (bj * f)..<min(n, (bj + 1) * f) where column[j] > best { best = column[j] }
            out[bj] = best
        }
    }
}

/// A stop signal the chunks of a parallel pass share.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
