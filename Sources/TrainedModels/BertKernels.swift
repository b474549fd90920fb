import AttentionCore

/// The element-wise parts of a BERT layer: bias, residual + LayerNorm, and exact GELU.
enum BertKernels {
    typealias V = SIMD16<Float>

    /// x·W + b for n rows.
    static func linear(_ x: Matrix, _ l: Linear) -> Matrix {
        precondition(x.cols == l.w.rows)
        let cols = l.w.cols
        var y = Matrix(
            rows: x.rows, cols: cols,
            storage: LargeBuffer.make(x.rows * cols) { c in
                x.storage.withUnsafeBufferPointer { xp in
                    Gemm.multiply(
                        a: xp.baseAddress!, lda: x.cols, packed: l.w, c: c, ldc: cols, m: x.rows, parallel: true)
                }
            })
        addBias(&y, l.b)
        return y
    }

    /// b added to every row of y.
    static func addBias(_ y: inout Matrix, _ b: [Float]) {
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

    /// LayerNorm(a + b) row by row (b may be nil): mean and biased variance over the row.
    static func addNorm(_ a: Matrix, _ b: Matrix?, _ w: LayerNormWeights, eps: Float) -> Matrix {
        var out = a
        let cols = a.cols
        out.storage.withUnsafeMutableBufferPointer { op in
            guard let o = op.baseAddress else { return }
            if let b {
                b.storage.withUnsafeBufferPointer { bp in
                    guard let bb = bp.baseAddress else { return }
                    for i in 0..<(a.rows * cols) { o[i] += bb[i] }
                }
            }
            for r in 0..<a.rows {
                let row = o + r * cols
                var sum: Float = 0
                for c in 0..<cols { sum += row[c] }
                let mean = sum / Float(cols)
                var sq: Float = 0
                for c in 0..<cols {
                    let d = row[c] - mean
                    sq += d * d
                }
                let inv = 1 / (sq / Float(cols) + eps).squareRoot()
                for c in 0..<cols { row[c] = (row[c] - mean) * inv * w.gamma[c] + w.beta[c] }
            }
        }
        return out
    }

    /// GELU(x) = x/2 · (1 + erf(x/√2)), in place.
    static func gelu(_ m: inout Matrix) {
        let count = m.storage.count
        m.storage.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
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
