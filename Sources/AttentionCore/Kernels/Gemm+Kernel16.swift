/// The 16-column micro-kernels. AVX-512 holds a 16-column row in one register and runs 8 rows
/// (8 accumulators); AVX2 needs two registers a row, so its tile is 6 rows (12 of its 16 ymm
/// registers, as BLIS's Haswell kernel); the portable tier runs 4.
extension Gemm {
    @inline(__always)
    static func kernel16(
        a: UnsafePointer<Float>, lda: Int, rows: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var r = 0
        switch rows {
        case 8:
            kernel16x8(a: a, lda: lda, bp: bp, bStride: bStride, k: k, c: c, ldc: ldc, width: width)
            return
        case 6:
            kernel16x6(a: a, lda: lda, bp: bp, bStride: bStride, k: k, c: c, ldc: ldc, width: width)
            return
        case 4...:
            kernel16x4(a: a, lda: lda, bp: bp, bStride: bStride, k: k, c: c, ldc: ldc, width: width)
            r = 4
        default:
            break
        }
        while r < rows {
            var acc = V()
            let ar = a + r * lda
            var bq = bp
            for p in 0..<k {
                acc = acc.addingProduct(V(repeating: ar[p]), load(bq))
                bq += bStride
            }
            store(acc, c + r * ldc, width: width)
            r += 1
        }
    }

    @inline(never)
    static func kernel16x8(
        a: UnsafePointer<Float>, lda: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var c0 = V()
        var c1 = V()
        var c2 = V()
        var c3 = V()
        var c4 = V()
        var c5 = V()
        var c6 = V()
        var c7 = V()
        var bq = bp
        for p in 0..<k {
            let b0 = load(bq)
            c0 = c0.addingProduct(V(repeating: a[p]), b0)
            c1 = c1.addingProduct(V(repeating: a[lda + p]), b0)
            c2 = c2.addingProduct(V(repeating: a[2 * lda + p]), b0)
            c3 = c3.addingProduct(V(repeating: a[3 * lda + p]), b0)
            c4 = c4.addingProduct(V(repeating: a[4 * lda + p]), b0)
            c5 = c5.addingProduct(V(repeating: a[5 * lda + p]), b0)
            c6 = c6.addingProduct(V(repeating: a[6 * lda + p]), b0)
            c7 = c7.addingProduct(V(repeating: a[7 * lda + p]), b0)
            bq += bStride
        }
        store(c0, c, width: width)
        store(c1, c + ldc, width: width)
        store(c2, c + 2 * ldc, width: width)
        store(c3, c + 3 * ldc, width: width)
        store(c4, c + 4 * ldc, width: width)
        store(c5, c + 5 * ldc, width: width)
        store(c6, c + 6 * ldc, width: width)
        store(c7, c + 7 * ldc, width: width)
    }

    @inline(never)
    static func kernel16x6(
        a: UnsafePointer<Float>, lda: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var c0 = V()
        var c1 = V()
        var c2 = V()
        var c3 = V()
        var c4 = V()
        var c5 = V()
        let (a0, a1, a2) = (a, a + lda, a + 2 * lda)
        let (a3, a4, a5) = (a + 3 * lda, a + 4 * lda, a + 5 * lda)
        var bq = bp
        for p in 0..<k {
            let b0 = load(bq)
            c0 = c0.addingProduct(V(repeating: a0[p]), b0)
            c1 = c1.addingProduct(V(repeating: a1[p]), b0)
            c2 = c2.addingProduct(V(repeating: a2[p]), b0)
            c3 = c3.addingProduct(V(repeating: a3[p]), b0)
            c4 = c4.addingProduct(V(repeating: a4[p]), b0)
            c5 = c5.addingProduct(V(repeating: a5[p]), b0)
            bq += bStride
        }
        store(c0, c, width: width)
        store(c1, c + ldc, width: width)
        store(c2, c + 2 * ldc, width: width)
        store(c3, c + 3 * ldc, width: width)
        store(c4, c + 4 * ldc, width: width)
        store(c5, c + 5 * ldc, width: width)
    }

    @inline(never)
    static func kernel16x4(
        a: UnsafePointer<Float>, lda: Int, bp: UnsafePointer<Float>, bStride: Int, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        var c0 = V()
        var c1 = V()
        var c2 = V()
        var c3 = V()
        let (a0, a1, a2, a3) = (a, a + lda, a + 2 * lda, a + 3 * lda)
        var bq = bp
        for p in 0..<k {
            let b0 = load(bq)
            c0 = c0.addingProduct(V(repeating: a0[p]), b0)
            c1 = c1.addingProduct(V(repeating: a1[p]), b0)
            c2 = c2.addingProduct(V(repeating: a2[p]), b0)
            c3 = c3.addingProduct(V(repeating: a3[p]), b0)
            bq += bStride
        }
        store(c0, c, width: width)
        store(c1, c + ldc, width: width)
        store(c2, c + 2 * ldc, width: width)
        store(c3, c + 3 * ldc, width: width)
    }
}
