import AttentionCore
import ModelFormats
import Tokenizers

/// The element-wise parts of a BERT layer: bias, residual + LayerNorm, and exact GELU.
package enum BertKernels {
    typealias V = SIMD16<Float>

    /// x·W + b for n rows, then GELU when `gelu`: the bias and the activation run on each tile of
    /// the product as it is finished, on the thread that made it, while the tile is in cache.
    static func linear(_ x: Matrix, _ l: Linear, gelu: Bool = false) -> Matrix {
        precondition(x.cols == l.w.rows && l.b.count == l.w.cols)
        let cols = l.w.cols
        return l.b.withUnsafeBufferPointer { bp in
            let bias = SharedPointer(bp.baseAddress!)
            let storage = LargeBuffer.make(x.rows * cols) { c in
                x.storage.withUnsafeBufferPointer { xp in
                    Gemm.multiply(
                        a: xp.baseAddress!, lda: x.cols, packed: l.w, c: c, ldc: cols, m: x.rows, parallel: true
                    ) { tile, ldc, rows, col0, width in
                        let b = UnsafePointer(bias.base) + col0
                        for r in 0..<rows {
                            let row = tile + r * ldc
                            for j in 0..<width { row[j] += b[j] }
                            if gelu { geluInPlace(row, count: width) }
                        }
                    }
                }
            }
            return Matrix(rows: x.rows, cols: cols, storage: storage)
        }
    }

    /// b added to every row of y.
    package static func addBias(_ y: inout Matrix, _ b: [Float]) {
        let cols = y.cols
        let rows = y.rows
        y.storage.withUnsafeMutableBufferPointer { yp in
            b.withUnsafeBufferPointer { bp in
                guard let yb = yp.baseAddress, let bb = bp.baseAddress else { return }
                for r in 0..<rows {
                    let row = yb + r * cols
                    for c in 0..<cols { row[c] += bb[c] }
                }
            }
        }
    }

    /// Rows per parallel task of a LayerNorm (above ~16k elements the second core pays for itself).
    static let normRowsPerTask = 32

    /// LayerNorm(a + b) row by row (b may be nil): mean and biased variance over the row. Rows are
    /// split across the cores when there are enough of them.
    package static func addNorm(_ a: Matrix, _ b: Matrix?, _ w: LayerNormWeights, eps: Float) -> Matrix {
        let cols = a.cols
        let rows = a.rows
        precondition(b.map { $0.rows == rows && $0.cols == cols } ?? true)
        precondition(w.gamma.count == cols && w.beta.count == cols)
        let storage = LargeBuffer.make(rows * cols) { o in
            let out = SharedPointer(o)
            a.storage.withUnsafeBufferPointer { ap in
                (b?.storage ?? []).withUnsafeBufferPointer { bp in
                    w.gamma.withUnsafeBufferPointer { gp in
                        w.beta.withUnsafeBufferPointer { betap in
                            let sa = SharedPointer(ap.baseAddress!)
                            let sb = b == nil ? nil : bp.baseAddress.map { SharedPointer($0) }  // [] has an address too
                            let g = SharedPointer(gp.baseAddress!)
                            let be = SharedPointer(betap.baseAddress!)
                            let tasks = (rows + normRowsPerTask - 1) / normRowsPerTask
                            Parallel.forEach(tasks, parallel: rows * cols >= 16_384) { task in
                                for r in (task * normRowsPerTask)..<min(rows, (task + 1) * normRowsPerTask) {
                                    normRow(
                                        out.base + r * cols, a: sa.base + r * cols, b: sb.map { $0.base + r * cols },
                                        gamma: g.base, beta: be.base, cols: cols, eps: eps)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Matrix(rows: rows, cols: cols, storage: storage)
    }

    /// One row of LayerNorm(a + b) into `row`, in the order of a sum, a mean, a variance.
    @inline(__always)
    static func normRow(
        _ row: UnsafeMutablePointer<Float>, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>?,
        gamma: UnsafeMutablePointer<Float>, beta: UnsafeMutablePointer<Float>, cols: Int, eps: Float
    ) {
        if let b {
            for c in 0..<cols { row[c] = a[c] + b[c] }
        } else {
            row.update(from: a, count: cols)
        }
        var sum: Float = 0
        for c in 0..<cols { sum += row[c] }
        let mean = sum / Float(cols)
        var sq: Float = 0
        for c in 0..<cols {
            let d = row[c] - mean
            sq += d * d
        }
        let inv = 1 / (sq / Float(cols) + eps).squareRoot()
        for c in 0..<cols { row[c] = (row[c] - mean) * inv * gamma[c] + beta[c] }
    }

    /// GELU(x) = x/2 · (1 + erf(x/√2)) on `count` floats in place, 16 at a time (each lane on its own, so any grouping gives the same bits).
    @inline(__always)
    static func geluInPlace(_ base: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(base + i).storeBytes(of: geluV(x), as: V.self)
            i += 16
        }
        if i < count {
            var x = V()
            for l in 0..<(count - i) { x[l] = base[i + l] }
            let y = geluV(x)
            for l in 0..<(count - i) { base[i + l] = y[l] }
        }
    }

    @inline(__always)
    static func geluV(_ x: V) -> V {
        x * 0.5 * (1 + erf(x * 0.707_106_77))
    }

    /// erf with absolute error below 1.5e-7 (Abramowitz & Stegun 7.1.26): below Float's own
    /// rounding of the GELU that uses it, and vectorized where libm's erff is a call per element.
    @inline(__always)
    static func erf(_ x: V) -> V {
        let zero = V(repeating: 0)
        let ax = x.replacing(with: -x, where: x .< zero)
        let t = 1 / (1 + 0.327_591_1 * ax)
        var p = V(repeating: 1.061_405_429)
        p = p * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        p = p * t
        let e = Softmax.exp(-(ax * ax))
        let y = 1 - p * e
        return y.replacing(with: -y, where: x .< zero)
    }
}
