/// The register-tile micro-kernels: each multiplies a few rows of A by one packed panel of B.
extension Gemm {
    /// Up to 8 rows × 32 columns: 8 rows at once (16 accumulators, enough independent chains to
    /// cover the FMA latency), else 4, else one at a time.
    @inline(__always)
    static func kernel32(
        a: UnsafePointer<Float>, lda: Int, rows: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var r = 0
        if rows == 8 {
            kernel32x8(a: a, lda: lda, bp: bp, bStride: bStride, k: k, c: c, ldc: ldc, width: width)
            return
        }
        if rows >= 4 {
            kernel32x4(a: a, lda: lda, bp: bp, bStride: bStride, k: k, c: c, ldc: ldc, width: width)
            r = 4
        }
        while r < rows {
            var c0 = V()
            var c1 = V()
            let ar = a + r * lda
            var bq = bp
            for p in 0..<k {
                let x = V(repeating: ar[p])
                c0 = c0.addingProduct(x, load(bq))
                c1 = c1.addingProduct(x, load(bq + 16))
                bq += bStride
            }
            storeRow(c0, c1, c + r * ldc, width)
            r += 1
        }
    }

    @inline(never)
    static func kernel32x8(
        a: UnsafePointer<Float>, lda: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var c00 = V()
        var c01 = V()
        var c10 = V()
        var c11 = V()
        var c20 = V()
        var c21 = V()
        var c30 = V()
        var c31 = V()
        var c40 = V()
        var c41 = V()
        var c50 = V()
        var c51 = V()
        var c60 = V()
        var c61 = V()
        var c70 = V()
        var c71 = V()
        let a0 = a
        let a1 = a0 + lda
        let a2 = a1 + lda
        let a3 = a2 + lda
        let a4 = a3 + lda
        let a5 = a4 + lda
        let a6 = a5 + lda
        let a7 = a6 + lda
        var bq = bp
        for p in 0..<k {
            let b0 = load(bq)
            let b1 = load(bq + 16)
            var x = V(repeating: a0[p])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = V(repeating: a1[p])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = V(repeating: a2[p])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = V(repeating: a3[p])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = V(repeating: a4[p])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = V(repeating: a5[p])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
            x = V(repeating: a6[p])
            c60 = c60.addingProduct(x, b0)
            c61 = c61.addingProduct(x, b1)
            x = V(repeating: a7[p])
            c70 = c70.addingProduct(x, b0)
            c71 = c71.addingProduct(x, b1)
            bq += bStride
        }
        storeRow(c00, c01, c, width)
        storeRow(c10, c11, c + ldc, width)
        storeRow(c20, c21, c + 2 * ldc, width)
        storeRow(c30, c31, c + 3 * ldc, width)
        storeRow(c40, c41, c + 4 * ldc, width)
        storeRow(c50, c51, c + 5 * ldc, width)
        storeRow(c60, c61, c + 6 * ldc, width)
        storeRow(c70, c71, c + 7 * ldc, width)
    }

    @inline(never)
    static func kernel32x4(
        a: UnsafePointer<Float>, lda: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var c00 = V()
        var c01 = V()
        var c10 = V()
        var c11 = V()
        var c20 = V()
        var c21 = V()
        var c30 = V()
        var c31 = V()
        let a0 = a
        let a1 = a + lda
        let a2 = a + 2 * lda
        let a3 = a + 3 * lda
        var bq = bp
        for p in 0..<k {
            let b0 = load(bq)
            let b1 = load(bq + 16)
            let x0 = V(repeating: a0[p])
            let x1 = V(repeating: a1[p])
            let x2 = V(repeating: a2[p])
            let x3 = V(repeating: a3[p])
            c00 = c00.addingProduct(x0, b0)
            c01 = c01.addingProduct(x0, b1)
            c10 = c10.addingProduct(x1, b0)
            c11 = c11.addingProduct(x1, b1)
            c20 = c20.addingProduct(x2, b0)
            c21 = c21.addingProduct(x2, b1)
            c30 = c30.addingProduct(x3, b0)
            c31 = c31.addingProduct(x3, b1)
            bq += bStride
        }
        storeRow(c00, c01, c, width)
        storeRow(c10, c11, c + ldc, width)
        storeRow(c20, c21, c + 2 * ldc, width)
        storeRow(c30, c31, c + 3 * ldc, width)
    }

    /// Up to 8 rows × 8 columns.
    @inline(never)
    static func kernel8(
        a: UnsafePointer<Float>, lda: Int, rows: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        if rows == 8 {
            var c0 = V8()
            var c1 = V8()
            var c2 = V8()
            var c3 = V8()
            var c4 = V8()
            var c5 = V8()
            var c6 = V8()
            var c7 = V8()
            var bq = bp
            for p in 0..<k {
                let b0 = load8(bq)
                c0 = c0.addingProduct(V8(repeating: a[p]), b0)
                c1 = c1.addingProduct(V8(repeating: a[lda + p]), b0)
                c2 = c2.addingProduct(V8(repeating: a[2 * lda + p]), b0)
                c3 = c3.addingProduct(V8(repeating: a[3 * lda + p]), b0)
                c4 = c4.addingProduct(V8(repeating: a[4 * lda + p]), b0)
                c5 = c5.addingProduct(V8(repeating: a[5 * lda + p]), b0)
                c6 = c6.addingProduct(V8(repeating: a[6 * lda + p]), b0)
                c7 = c7.addingProduct(V8(repeating: a[7 * lda + p]), b0)
                bq += bStride
            }
            store8(c0, c, width: width)
            store8(c1, c + ldc, width: width)
            store8(c2, c + 2 * ldc, width: width)
            store8(c3, c + 3 * ldc, width: width)
            store8(c4, c + 4 * ldc, width: width)
            store8(c5, c + 5 * ldc, width: width)
            store8(c6, c + 6 * ldc, width: width)
            store8(c7, c + 7 * ldc, width: width)
        } else {
            for r in 0..<rows {
                var acc = V8()
                let ar = a + r * lda
                var bq = bp
                for p in 0..<k {
                    acc = acc.addingProduct(V8(repeating: ar[p]), load8(bq))
                    bq += bStride
                }
                store8(acc, c + r * ldc, width: width)
            }
        }
    }

    @inline(__always)
    static func storeRow(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<Float>, _ width: Int) {
        store(lo, c, width: min(width, 16))
        if width > 16 { store(hi, c + 16, width: width - 16) }
    }
}
