import AttentionCore
import Foundation

/// The pieces of a Llama block that are not matrix products: RMSNorm, rotary positions,
/// causal grouped-query attention over the cache, SwiGLU.
enum LlamaBlock {
    typealias V = SIMD16<Float>

    /// x / sqrt(mean(x²) + eps) · w, row by row.
    static func rmsNorm(_ x: Matrix, _ w: [Float], eps: Float) -> Matrix {
        var out = x
        let d = x.cols
        out.storage.withUnsafeMutableBufferPointer { op in
            guard let o = op.baseAddress else { return }
            for r in 0..<x.rows {
                let row = o + r * d
                var ss: Float = 0
                for j in 0..<d { ss = ss.addingProduct(row[j], row[j]) }
                let inv = 1 / (ss / Float(d) + eps).squareRoot()
                for j in 0..<d { row[j] = row[j] * inv * w[j] }
            }
        }
        return out
    }

    /// RoPE as llama.cpp's GGUF files expect it: the file's Q and K rows are ordered so that
    /// each head's adjacent pairs (2i, 2i+1) rotate together by position · base^(−2i/headSize)
    /// (the converter permuted Hugging Face's half-split order into this one).
    static func rope(_ m: inout Matrix, heads: Int, headSize: Int, firstPosition: Int, base: Float) {
        let half = headSize / 2
        var inv = [Double](repeating: 0, count: half)
        for i in 0..<half { inv[i] = 1 / pow(Double(base), Double(2 * i) / Double(headSize)) }
        let cols = m.cols
        m.storage.withUnsafeMutableBufferPointer { mp in
            guard let p = mp.baseAddress else { return }
            for r in 0..<m.rows {
                let pos = Double(firstPosition + r)
                for i in 0..<half {
                    let angle = pos * inv[i]
                    let c = Float(cos(angle))
                    let s = Float(sin(angle))
                    for h in 0..<heads {
                        let at = p + r * cols + h * headSize + 2 * i
                        let x0 = at[0]
                        let x1 = at[1]
                        at[0] = x0 * c - x1 * s
                        at[1] = x0 * s + x1 * c
                    }
                }
            }
        }
    }

    /// New queries `q` (m rows at positions first…) against every key so far; returns the
    /// concatenated head outputs and appends each head's weight rows to `rows`.
    static func attend(
        q: Matrix, keys: [Float], values: [Float], first: Int, config c: LlamaConfig, rows: inout [[Float]]
    ) -> Matrix {
        let m = q.rows
        let hs = c.headSize
        let kvWidth = c.kvHeads * hs
        let total = first + m
        let scale = 1 / Float(hs).squareRoot()
        var out = Matrix(rows: m, cols: c.hiddenSize)
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
                            Parallel.forEach(c.heads, parallel: flops > Parallel.parallelFlops) { h in
                                head(
                                    h, q: qs.base, k: ks.base, v: vs.base, out: os.base, weights: rowPointers[h].base,
                                    m: m, first: first, hs: hs, kvWidth: kvWidth, group: c.groupSize,
                                    width: c.hiddenSize,
                                    scale: scale)
                            }
                        }
                    }
                }
            }
        }
        for h in 0..<c.heads { rows[h].append(contentsOf: newRows[h]) }
        return out
    }

    /// One query head over its key/value head: scores, causal softmax, weighted values.
    static func head(
        _ h: Int, q: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>, m: Int, first: Int, hs: Int,
        kvWidth: Int, group: Int, width: Int, scale: Float
    ) {
        let g = h / group
        var offset = 0
        for i in 0..<m {
            let keysSeen = first + i + 1
            let qRow = q + i * width + h * hs
            let w = weights + offset
            withUnsafeTemporaryAllocation(of: Float.self, capacity: keysSeen) { sp in
                let s = sp.baseAddress!
                for j in 0..<keysSeen { s[j] = QuantizedKernels.dot(qRow, k + j * kvWidth + g * hs, hs) * scale }
                Softmax.row(scores: s, weights: w, n: keysSeen, visible: 0..<keysSeen, invTemperature: 1)
            }
            let o = out + i * width + h * hs
            // The weighted sum of values, straight into the output row (no heap per query).
            o.update(repeating: 0, count: hs)
            let chunks = hs / 16
            let orow = UnsafeMutableRawPointer(o)
            for j in 0..<keysSeen {
                let wj = V(repeating: w[j])
                let vRow = UnsafeRawPointer(v + j * kvWidth + g * hs)
                for c in 0..<chunks {
                    let acc = orow.loadUnaligned(fromByteOffset: 64 * c, as: V.self)
                    orow.storeBytes(
                        of: acc.addingProduct(wj, vRow.loadUnaligned(fromByteOffset: 64 * c, as: V.self)),
                        toByteOffset: 64 * c, as: V.self)
                }
            }
            offset += keysSeen
        }
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
