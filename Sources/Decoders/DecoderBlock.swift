import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// The pieces of a Llama block that are not matrix products: RMSNorm, rotary positions,
/// causal grouped-query attention over the cache, SwiGLU.
package enum DecoderBlock {
    typealias V = SIMD16<Float>

    /// x / sqrt(mean(x²) + eps) · w, row by row: the per-head norm with one head as wide as the row.
    static func rmsNorm(_ x: Matrix, _ w: [Float], eps: Float) -> Matrix {
        var out = x
        headNorm(&out, heads: 1, headSize: x.cols, w, eps: eps)
        return out
    }

    /// The rotation angles of positions first ..< first + count: cos and sin of
    /// position · base^(−2i/dims) for each pair i, in Double then rounded, as every layer
    /// and both Q and K use them (computed once per append, not once per layer).
    struct Rotary {
        let half: Int
        let cos: [Float]
        let sin: [Float]

        /// `dims`: the dimensions of a head that turn (the head size, or Phi-3's partial share);
        /// `factors`: Llama 3.1's per-pair divisors of the frequency (`rope_freqs.weight`), or
        /// LongRoPE's short factors; `scale`: LongRoPE's attention factor, on cos and sin.
        init(first: Int, count: Int, dims: Int, base: Float, factors: [Float]? = nil, scale: Float = 1) {
            let half = dims / 2
            var inv = [Double](repeating: 0, count: half)
            for i in 0..<half {
                inv[i] = 1 / pow(Double(base), Double(2 * i) / Double(dims))
                if let f = factors, i < f.count { inv[i] /= Double(f[i]) }
            }
            var c = [Float](repeating: 0, count: count * half)
            var s = [Float](repeating: 0, count: count * half)
            for r in 0..<count {
                let pos = Double(first + r)
                for i in 0..<half {
                    let angle = pos * inv[i]
                    c[r * half + i] = Float(Foundation.cos(angle)) * scale
                    s[r * half + i] = Float(Foundation.sin(angle)) * scale
                }
            }
            (self.half, cos, sin) = (half, c, s)
        }
    }

    /// RoPE: each head's pair i turns by the table's angle for pair i. `halves` false: the pairs
    /// (2i, 2i+1), as llama.cpp's llama files hold Q and K (its converter permuted Hugging Face's
    /// order into this one); true: the pairs (i, i + size/2), as transformers rotates halves and
    /// Qwen, Gemma and Phi files keep their rows (llama.cpp's NEOX mode).
    static func rope(_ m: inout Matrix, heads: Int, headSize: Int, _ t: Rotary, halves: Bool) {
        let half = t.half
        let cols = m.cols
        // Where pair i's two values sit in a head.
        let (stride, gap) = halves ? (1, half) : (2, 1)
        m.storage.withUnsafeMutableBufferPointer { mp in
            guard let p = mp.baseAddress else { return }
            for r in 0..<m.rows {
                for i in 0..<half {
                    let c = t.cos[r * half + i]
                    let s = t.sin[r * half + i]
                    for h in 0..<heads {
                        let at = p + r * cols + h * headSize + stride * i
                        let x0 = at[0]
                        let x1 = at[gap]
                        at[0] = x0 * c - x1 * s
                        at[gap] = x0 * s + x1 * c
                    }
                }
            }
        }
    }

    /// New queries `q` (m rows at positions first…) against every key so far; returns the
    /// concatenated head outputs and appends each head's weight rows to `rows`.
    /// `window`: each query sees only the last `window` keys (a sliding-window layer).
    static func attend(
        q: Matrix, keys: [Float], values: [Float], first: Int, config c: DecoderConfig, window: Int? = nil,
        rows: inout [[Float]]
    ) -> Matrix {
        let m = q.rows
        let hs = c.headSize
        let kvWidth = c.kvHeads * hs
        let total = first + m
        let scale = c.queryScale
        var out = Matrix(rows: m, cols: c.attentionWidth)
        var newRows = [[Float]](repeating: [], count: c.heads)
        let rowLength = (first + 1 + total) * m / 2
        for h in 0..<c.heads { newRows[h] = [Float](repeating: 0, count: rowLength) }
        q.storage.withUnsafeBufferPointer { qp in
            keys.withUnsafeBufferPointer { kp in
                values.withUnsafeBufferPointer { vp in
                    out.storage.withUnsafeMutableBufferPointer { op in
                        let qs = SharedPointer(qp.baseAddress!)
                        let ks = SharedPointer(kp.baseAddress!)
                        let vs = SharedPointer(vp.baseAddress!)
                        let os = SharedPointer(op.baseAddress!)
                        let flops = 4 * c.heads * m * total * hs
                        newRows.withUnsafeMutableBufferPointer { nr in
                            let rowPointers = (0..<c.heads).map { h in
                                SharedPointer(nr[h].withUnsafeMutableBufferPointer { $0.baseAddress! })
                            }
                            // Each head in two halves of equal work (a causal row i costs first + i + 1),
                            // so nine heads share two cores evenly.
                            let parts = flops > Parallel.parallelFlops && m > 1 ? 2 : 1
                            let split = balancedSplit(m: m, first: first)
                            Parallel.forEach(c.heads * parts, parallel: flops > Parallel.parallelFlops) { task in
                                let h = task / parts
                                let range = parts == 1 ? 0..<m : (task % parts == 0 ? 0..<split : split..<m)
                                head(
                                    h, rows: range, q: qs.base, k: ks.base, v: vs.base, out: os.base,
                                    weights: rowPointers[h].base, first: first, hs: hs, kvWidth: kvWidth,
                                    group: c.groupSize, width: c.attentionWidth, scale: scale, window: window,
                                    softcap: c.attentionSoftcap)
                            }
                        }
                    }
                }
            }
        }
        for h in 0..<c.heads { rows[h].append(contentsOf: newRows[h]) }
        return out
    }

    /// The query row that splits m new rows after `first` cached ones into halves of equal work.
    static func balancedSplit(m: Int, first: Int) -> Int {
        let total = m * (first + 1) + m * (m - 1) / 2
        var done = 0
        for i in 0..<m {
            done += first + i + 1
            if 2 * done >= total { return max(1, min(m - 1, i + 1)) }
        }
        return m / 2
    }

    /// silu(gate) · up, element by element, into `gate`: x·σ(x) with σ from exp(−|x|), which
    /// never overflows (σ(x) = 1/(1+e) for x ≥ 0, e/(1+e) below).
    static func swiGLU(_ gate: inout Matrix, _ up: Matrix) {
        gate.storage.withUnsafeMutableBufferPointer { gp in
            up.storage.withUnsafeBufferPointer { upp in
                guard let g = gp.baseAddress, let u = upp.baseAddress else { return }
                let count = gp.count
                var i = 0
                let one = V(repeating: 1)
                while i + 16 <= count {
                    let x = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
                    let e: V = Softmax.exp(V() - x.replacing(with: V() - x, where: x .< 0))
                    let numerator: V = e.replacing(with: one, where: x .>= 0)
                    let sigma: V = numerator / (one + e)
                    let upValue: V = UnsafeRawPointer(u + i).loadUnaligned(as: V.self)
                    let y: V = x * sigma * upValue
                    UnsafeMutableRawPointer(g + i).storeBytes(of: y, as: V.self)
                    i += 16
                }
                while i < count {
                    let x = g[i]
                    let e = Softmax.expScalar(-abs(x))
                    g[i] = x * ((x >= 0 ? 1 : e) / (1 + e)) * u[i]
                    i += 1
                }
            }
        }
    }
}
