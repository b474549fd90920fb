/// Single-precision matrix multiply C = A·B with a packed-panel SIMD micro-kernel.
///
/// B is read through two strides so that Kᵀ needs no explicit transpose. B is packed into
/// panels of `nr` columns (zero-padded), each k × nr contiguous, which keeps the inner loop
/// to two unaligned vector loads and eight fused multiply-adds per k.
/// Explicit FMAs (`addingProduct`) round the same on every CPU: the release build may use
/// hardware FMA (x86-64-v3), a baseline build calls libm's fmaf, and both give the same bits.
enum Gemm {
    static let nr = 32
    static let mr = 4
    typealias V = SIMD16<Float>

    /// C[m×n] (row stride ldc) = A[m×k] (row stride lda) · (bScale·B), where B(p, j) = b[p·bRow + j·bCol].
    static func multiply(
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, bRow: Int, bCol: Int, bScale: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        m: Int, n: Int, k: Int, parallel: Bool
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            return
        }
        let panels = (n + nr - 1) / nr
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: panels * k * nr)
        defer { packed.deallocate() }
        pack(b: b, bRow: bRow, bCol: bCol, scale: bScale, n: n, k: k, into: packed)

        let rowBlocks = (m + mr - 1) / mr
        let wantThreads = parallel && 2 * m * n * k >= Parallel.parallelFlops ? Parallel.cores : 1
        let chunks = min(wantThreads, rowBlocks)
        let pk = SharedPointer(packed), sa = SharedPointer(a), sc = SharedPointer(c)
        Parallel.forEach(chunks, parallel: chunks > 1) { chunk in
            let packedC = UnsafePointer(pk.base), a = UnsafePointer(sa.base), c = sc.base
            let firstBlock = rowBlocks * chunk / chunks
            let lastBlock = rowBlocks * (chunk + 1) / chunks
            for panel in 0..<panels {
                let bp = packedC + panel * k * nr
                let col0 = panel * nr
                let width = min(nr, n - col0)
                var block = firstBlock
                while block < lastBlock {
                    let row0 = block * mr
                    let rows = min(mr, m - row0)
                    kernel(a: a + row0 * lda, lda: lda, rows: rows, bp: bp, k: k,
                           c: c + row0 * ldc + col0, ldc: ldc, width: width)
                    block += 1
                }
            }
        }
    }

    /// Copies B (times `scale`) into zero-padded panels of `nr` columns.
    static func pack(b: UnsafePointer<Float>, bRow: Int, bCol: Int, scale: Float, n: Int, k: Int, into packed: UnsafeMutablePointer<Float>) {
        let panels = (n + nr - 1) / nr
        for panel in 0..<panels {
            let dst = packed + panel * k * nr
            let col0 = panel * nr
            let width = min(nr, n - col0)
            if bCol == 1 && scale == 1 {
                for p in 0..<k {
                    let src = b + p * bRow + col0
                    let d = dst + p * nr
                    d.update(from: src, count: width)
                    if width < nr { (d + width).update(repeating: 0, count: nr - width) }
                }
            } else {
                for p in 0..<k {
                    let d = dst + p * nr
                    for j in 0..<width { d[j] = b[p * bRow + (col0 + j) * bCol] * scale }
                    if width < nr { (d + width).update(repeating: 0, count: nr - width) }
                }
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, width: Int) {
        if width >= 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
        } else {
            for j in 0..<width { p[j] = v[j] }
        }
    }

    /// Up to 4 rows × 32 columns of C from A rows and one packed B panel.
    @inline(__always)
    static func kernel(
        a: UnsafePointer<Float>, lda: Int, rows: Int,
        bp: UnsafePointer<Float>, k: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int
    ) {
        if rows == 4 {
            var c00 = V(), c01 = V(), c10 = V(), c11 = V()
            var c20 = V(), c21 = V(), c30 = V(), c31 = V()
            let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda
            var p = 0
            while p < k {
                let b0 = load(bp + p * nr)
                let b1 = load(bp + p * nr + 16)
                let x0 = V(repeating: a0[p]), x1 = V(repeating: a1[p])
                let x2 = V(repeating: a2[p]), x3 = V(repeating: a3[p])
                c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
                c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
                c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
                c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
                p += 1
            }
            storeRow(c00, c01, c, width)
            storeRow(c10, c11, c + ldc, width)
            storeRow(c20, c21, c + 2 * ldc, width)
            storeRow(c30, c31, c + 3 * ldc, width)
        } else {
            for r in 0..<rows {
                var c0 = V(), c1 = V()
                let ar = a + r * lda
                var p = 0
                while p < k {
                    let x = V(repeating: ar[p])
                    c0 = c0.addingProduct(x, load(bp + p * nr))
                    c1 = c1.addingProduct(x, load(bp + p * nr + 16))
                    p += 1
                }
                storeRow(c0, c1, c + r * ldc, width)
            }
        }
    }

    @inline(__always)
    static func storeRow(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<Float>, _ width: Int) {
        store(lo, c, width: min(width, 16))
        if width > 16 { store(hi, c + 16, width: width - 16) }
    }
}
