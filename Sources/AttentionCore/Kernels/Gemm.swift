/// Single-precision matrix multiply C = A·B with SIMD register-tile micro-kernels.
///
/// B is read through two strides so that Kᵀ needs no explicit transpose. Columns of B are
/// handled in panels of 32, 16 or 8 (the narrow ones for attention heads with small d_k, where
/// a 32-wide tile would waste most of its lanes). For a short A (a few rows), a row-major B whose
/// panels are all full is read in place, since packing would cost as much as the product;
/// otherwise B is packed into zero-padded contiguous panels that stay in cache.
/// Explicit FMAs (`addingProduct`) round the same on every CPU: the release build may use
/// hardware FMA (AVX2, AVX-512), a baseline build calls libm's fmaf, and both give the same bits.
package enum Gemm {
    typealias V = SIMD16<Float>
    typealias V8 = SIMD8<Float>

    /// C[m×n] (row stride ldc) = A[m×k] (row stride lda) · (bScale·B), where B(p, j) = b[p·bRow + j·bCol].
    package static func multiply(
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, bRow: Int, bCol: Int, bScale: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        m: Int, n: Int, k: Int, parallel: Bool, tier: KernelTier = .current
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            return
        }
        let nr = tier.panelWidth(n)
        let panels = (n + nr - 1) / nr
        let direct = bCol == 1 && bScale == 1 && n % nr == 0 && m < 256
        var packed: UnsafeMutablePointer<Float>?
        if !direct {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: panels * k * nr)
            pack(b: b, bRow: bRow, bCol: bCol, scale: bScale, n: n, k: k, nr: nr, into: p)
            packed = p
        }
        defer { packed?.deallocate() }
        run(
            a: a, lda: lda, source: packed.map { UnsafePointer($0) } ?? b, bStride: direct ? bRow : nr,
            panelStep: direct ? nr : k * nr, nr: nr, c: c, ldc: ldc, m: m, n: n, k: k, parallel: parallel, tier: tier)
    }

    /// Columns per panel for a B with n columns, in this build's tier.
    package static func panelWidth(_ n: Int) -> Int { KernelTier.current.panelWidth(n) }

    /// Work on each finished tile of C while it is still in cache (a bias, an activation), on the
    /// thread that computed it: `c` is the tile's first element, `rows` × `width` of C at stride
    /// `ldc`, from column `col0`. Each element of C is final (its whole sum over k) when it runs.
    package typealias Epilogue =
        @Sendable (_ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ rows: Int, _ col0: Int, _ width: Int) -> Void

    /// C = A·B with B already packed into panels (weights packed once when a model loads).
    package static func multiply(
        a: UnsafePointer<Float>, lda: Int, packed b: PackedMatrix, c: UnsafeMutablePointer<Float>, ldc: Int,
        m: Int, parallel: Bool, epilogue: Epilogue? = nil, tier: KernelTier = .current
    ) {
        guard m > 0, b.cols > 0 else { return }
        if b.rows == 0 {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: b.cols) }
            epilogue?(c, ldc, m, 0, b.cols)
            return
        }
        b.panels.withUnsafeBufferPointer { p in
            run(
                a: a, lda: lda, source: p.baseAddress!, bStride: b.nr, panelStep: b.rows * b.nr, nr: b.nr, c: c,
                ldc: ldc, m: m, n: b.cols, k: b.rows, parallel: parallel, epilogue: epilogue, tier: tier)
        }
    }

    /// The blocked loops over panels of B (`panelStep` apart, rows `bStride` apart) and rows of A.
    static func run(
        a: UnsafePointer<Float>, lda: Int, source: UnsafePointer<Float>, bStride: Int, panelStep: Int, nr: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, parallel: Bool, epilogue: Epilogue? = nil,
        tier: KernelTier
    ) {
        let mr = tier.tileRows(nr)
        let panels = (n + nr - 1) / nr
        let source = SharedPointer(source)
        let rowBlocks = (m + mr - 1) / mr
        let wantThreads = parallel && 2 * m * n * k >= Parallel.parallelFlops ? Parallel.cores : 1
        // Tall products split rows; short ones (up to a hundred-odd tokens against a
        // d_model × d_model W) split column panels, so each core streams only its half of B
        // (bench/README.md has the measurement).
        let byRows = m >= 128 || panels < wantThreads
        let chunks = min(wantThreads, byRows ? rowBlocks : panels)
        let sa = SharedPointer(a)
        let sc = SharedPointer(c)
        Parallel.forEach(chunks, parallel: chunks > 1) { chunk in
            let a = UnsafePointer(sa.base)
            let c = sc.base
            let src = UnsafePointer(source.base)
            let blocks = byRows ? (rowBlocks * chunk / chunks)..<(rowBlocks * (chunk + 1) / chunks) : 0..<rowBlocks
            let panelRange = byRows ? 0..<panels : (panels * chunk / chunks)..<(panels * (chunk + 1) / chunks)
            for panel in panelRange {
                let bp = src + panel * panelStep
                let col0 = panel * nr
                let width = min(nr, n - col0)
                for block in blocks {
                    let row0 = block * mr
                    let rows = min(mr, m - row0)
                    let ap = a + row0 * lda
                    let cp = c + row0 * ldc + col0
                    switch nr {
                    case 32:
                        kernel32(
                            a: ap, lda: lda, rows: rows, bp: bp, bStride: bStride, k: k, c: cp, ldc: ldc, width: width)
                    case 16:
                        kernel16(
                            a: ap, lda: lda, rows: rows, bp: bp, bStride: bStride, k: k, c: cp, ldc: ldc, width: width)
                    default:
                        kernel8(
                            a: ap, lda: lda, rows: rows, bp: bp, bStride: bStride, k: k, c: cp, ldc: ldc, width: width)
                    }
                    epilogue?(cp, ldc, rows, col0, width)
                }
            }
        }
    }

    /// Copies B (times `scale`) into zero-padded panels of `nr` columns, each k × nr contiguous.
    static func pack(
        b: UnsafePointer<Float>, bRow: Int, bCol: Int, scale: Float, n: Int, k: Int, nr: Int,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let panels = (n + nr - 1) / nr
        for panel in 0..<panels {
            let dst = packed + panel * k * nr
            let col0 = panel * nr
            let width = min(nr, n - col0)
            if bCol == 1 && scale == 1 && width == nr && nr >= 16 {
                // Full panels: straight vector copies (a memmove call per 64-byte row costs more).
                for p in 0..<k {
                    let src = b + p * bRow + col0
                    let d = dst + p * nr
                    var j = 0
                    while j < nr {
                        UnsafeMutableRawPointer(d + j).storeBytes(of: load(src + j), as: V.self)
                        j += 16
                    }
                }
            } else if bCol == 1 && scale == 1 {
                for p in 0..<k {
                    let d = dst + p * nr
                    d.update(from: b + p * bRow + col0, count: width)
                    if width < nr { (d + width).update(repeating: 0, count: nr - width) }
                }
            } else {
                // Transposed source: walk it row by row (its rows are our columns) for locality.
                for p in 0..<k where width < nr { (dst + p * nr + width).update(repeating: 0, count: nr - width) }
                for j in 0..<width {
                    let src = b + (col0 + j) * bCol
                    for p in 0..<k { dst[p * nr + j] = src[p * bRow] * scale }
                }
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> V8 {
        UnsafeRawPointer(p).loadUnaligned(as: V8.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, width: Int) {
        if width >= 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
        } else {
            for j in 0..<width { p[j] = v[j] }
        }
    }

    @inline(__always)
    static func store8(_ v: V8, _ p: UnsafeMutablePointer<Float>, width: Int) {
        if width >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
        } else {
            for j in 0..<width { p[j] = v[j] }
        }
    }
}
