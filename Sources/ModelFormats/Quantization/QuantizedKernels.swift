import AttentionCore

/// y = x · Wᵀ for a weight matrix kept quantized: the work that is most of a decoder's forward.
///
/// Output rows are split across the cores in tiles of `tile`; each tile's weight rows are
/// expanded once into a scratch buffer that stays in L1/L2 while every token's dot products
/// run over it, four weight rows × two tokens at a time. Every output element is one dot product
/// in a fixed order, whatever the number of tokens or the split: a token appended alone gets
/// exactly the numbers it gets inside a whole prompt.
package enum QuantizedKernels {
    static let tile = 36

    package static func multiply(_ x: Matrix, _ w: QuantizedMatrix, tier: KernelTier = .current) -> Matrix {
        precondition(x.cols == w.cols && w.cols % 16 == 0)
        let n = x.rows
        var y = Matrix(rows: n, cols: w.rows)
        if let p = w.packed {
            // Each output is one dot product in the GEMM's fixed order, whatever n: a token
            // appended alone gets exactly the numbers it gets inside a prompt.
            x.storage.withUnsafeBufferPointer { xp in
                y.storage.withUnsafeMutableBufferPointer { yp in
                    guard let xb = xp.baseAddress, let yb = yp.baseAddress else { return }
                    Gemm.multiply(a: xb, lda: w.cols, packed: p, c: yb, ldc: w.rows, m: n, parallel: true, tier: tier)
                }
            }
            return y
        }
        let tiles = (w.rows + tile - 1) / tile
        let flops = 2 * n * w.rows * w.cols
        x.storage.withUnsafeBufferPointer { xp in
            y.storage.withUnsafeMutableBufferPointer { yp in
                guard let xb = xp.baseAddress, let yb = yp.baseAddress else { return }
                let xs = SharedPointer(xb)
                let ys = SharedPointer(yb)
                let tasks = min(tiles, Parallel.cores * 8)
                let direct = n <= 2 && generatesInRegisters(w.type, tier: tier)
                Parallel.forEach(tasks, parallel: flops > Parallel.parallelFlops / 16 && w.rows >= 2 * tile) { task in
                    let first = tiles * task / tasks
                    let last = tiles * (task + 1) / tasks
                    if direct {
                        for t in 0..<n {
                            let rows = (first * tile)..<min(last * tile, w.rows)
                            QuantizedKernels.direct(
                                xs.base + t * w.cols, w, rows: rows, y: ys.base + t * w.rows, tier: tier)
                        }
                        return
                    }
                    let carryBytes = tier == .avx512 ? carryBytes(rows: tile, n: n) : 64
                    withUnsafeTemporaryAllocation(byteCount: tile * w.cols * 4 + carryBytes, alignment: 64) { scratch in
                        guard let base = scratch.baseAddress else { return }
                        let s = base.bindMemory(to: Float.self, capacity: tile * w.cols)
                        let carry = base + tile * w.cols * 4
                        for t in first..<last {
                            let r0 = t * tile
                            let count = min(tile, w.rows - r0)
                            for r in 0..<count { w.expandRow(r0 + r, into: s + r * w.cols) }
                            if tier == .avx512 {
                                dots(
                                    xs.base, n: n, s, rows: count, cols: w.cols, y: ys.base + r0, ldy: w.rows,
                                    carry: carry)
                            } else {
                                smallDots(
                                    xs.base, n: n, s, rows: count, cols: w.cols, y: ys.base + r0, ldy: w.rows,
                                    tier: tier)
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// Whether one or two tokens against `type` run in registers (`direct`), not through
    /// scratch rows: the types `direct` has a kernel for on this tier.
    package static func generatesInRegisters(_ type: GGMLType, tier: KernelTier = .current) -> Bool {
        [.q41, .q80, .q50, .q4K, .q6K].contains(type) || rows8(type, tier: tier)
    }

    /// One token against rows of a Q4_1 or Q8_0 matrix, each block expanded in registers and
    /// used at once (generation: the weights are read once per token, never written out).
    /// The values and the order of the products are `dot`'s, so the result is bit for bit the
    /// one the scratch path gives.
    package static func direct(
        _ x: UnsafeMutablePointer<Float>, _ w: QuantizedMatrix, rows: Range<Int>, y: UnsafeMutablePointer<Float>,
        tier: KernelTier = .current
    ) {
        typealias V = SIMD16<Float>
        let blocks = w.cols / 32
        let xr = UnsafeRawPointer(x)
        if rows8(w.type, tier: tier) { return directRows8(xr, w, rows: rows, y: y) }
        if w.type == .q4K { return directQ4K(xr, w, rows: rows, y: y, tier: tier) }
        if w.type == .q6K { return directQ6K(xr, w, rows: rows, y: y) }
        for r in rows {
            let row = w.base + r * w.rowBytes
            prefetchAhead(row, w.rowBytes)
            var a = V()
            if w.type == .q41 {
                for b in 0..<blocks {
                    let (lo, hi) = BlockQ4_1.lanes(row + BlockQ4_1.bytes &* b)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b, as: V.self), lo)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b &+ 64, as: V.self), hi)
                }
            } else if w.type == .q50 {
                for b in 0..<blocks {
                    let (lo, hi) = BlockQ5_0.lanes(row + BlockQ5_0.bytes &* b)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b, as: V.self), lo)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b &+ 64, as: V.self), hi)
                }
            } else {
                for b in 0..<blocks {
                    let (lo, hi) = BlockQ8_0.lanes(row + BlockQ8_0.bytes &* b)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b, as: V.self), lo)
                    a = a.addingProduct(xr.loadUnaligned(fromByteOffset: 128 &* b &+ 64, as: V.self), hi)
                }
            }
            y[r] = QuantizedKernels.hsum(a)
        }
    }

    /// y[t][r] = x[t]·w[r] for a tile of expanded rows, in AVX-512's blocks (32 registers).
    @inline(__always)
    static func dots(
        _ x: UnsafeMutablePointer<Float>, n: Int, _ w: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        y: UnsafeMutablePointer<Float>, ldy: Int, carry: UnsafeMutableRawPointer? = nil
    ) {
        var r = 0
        if let carry, cols * 4 > slice, n >= 8 {
            r = dotsInSlices(x, n: n, w, rows: rows, cols: cols, y: y, ldy: ldy, carry: carry)
            for tt in (n / 4 * 4)..<n {
                for rr in 0..<r { y[tt * ldy + rr] = dot(x + tt * cols, w + rr * cols, cols) }
            }
        }
        while r + 6 <= rows && n >= 4 {
            var t = 0
            while t + 4 <= n {
                block6x4(x + t * cols, w + r * cols, cols, y + t * ldy + r, ldy)
                t += 4
            }
            for tt in t..<n {
                for rr in r..<(r + 6) { y[tt * ldy + rr] = dot(x + tt * cols, w + rr * cols, cols) }
            }
            r += 6
        }
        while r + 4 <= rows {
            var t = 0
            while t + 2 <= n {
                block(x + t * cols, x + (t + 1) * cols, w + r * cols, cols, y + t * ldy + r, y + (t + 1) * ldy + r)
                t += 2
            }
            if t < n { block(x + t * cols, nil, w + r * cols, cols, y + t * ldy + r, nil) }
            r += 4
        }
        while r < rows {
            for t in 0..<n { y[t * ldy + r] = dot(x + t * cols, w + r * cols, cols) }
            r += 1
        }
    }

    /// Four weight rows against one or two tokens: each result is `dot`'s own order.
    @inline(__always)
    static func block(
        _ x0: UnsafeMutablePointer<Float>, _ x1: UnsafeMutablePointer<Float>?, _ w: UnsafeMutablePointer<Float>,
        _ cols: Int, _ y0: UnsafeMutablePointer<Float>, _ y1: UnsafeMutablePointer<Float>?
    ) {
        typealias V = SIMD16<Float>
        var a0 = V()
        var a1 = V()
        var a2 = V()
        var a3 = V()
        var b0 = V()
        var b1 = V()
        var b2 = V()
        var b3 = V()
        let wr = UnsafeRawPointer(w)
        let stride = cols * 4
        let (s2, s3) = (2 * stride, 3 * stride)
        let second = UnsafeRawPointer(x1 ?? x0)
        let first = UnsafeRawPointer(x0)
        var o = 0
        while o < stride {
            let xa = first.loadUnaligned(fromByteOffset: o, as: V.self)
            let xb = second.loadUnaligned(fromByteOffset: o, as: V.self)
            let w0 = wr.loadUnaligned(fromByteOffset: o, as: V.self)
            let w1 = wr.loadUnaligned(fromByteOffset: o &+ stride, as: V.self)
            let w2 = wr.loadUnaligned(fromByteOffset: o &+ s2, as: V.self)
            let w3 = wr.loadUnaligned(fromByteOffset: o &+ s3, as: V.self)
            a0 = a0.addingProduct(xa, w0)
            a1 = a1.addingProduct(xa, w1)
            a2 = a2.addingProduct(xa, w2)
            a3 = a3.addingProduct(xa, w3)
            b0 = b0.addingProduct(xb, w0)
            b1 = b1.addingProduct(xb, w1)
            b2 = b2.addingProduct(xb, w2)
            b3 = b3.addingProduct(xb, w3)
            o &+= 64
        }
        y0[0] = QuantizedKernels.hsum(a0)
        y0[1] = QuantizedKernels.hsum(a1)
        y0[2] = QuantizedKernels.hsum(a2)
        y0[3] = QuantizedKernels.hsum(a3)
        if let y1 {
            y1[0] = QuantizedKernels.hsum(b0)
            y1[1] = QuantizedKernels.hsum(b1)
            y1[2] = QuantizedKernels.hsum(b2)
            y1[3] = QuantizedKernels.hsum(b3)
        }
    }

    /// `dot` for any length: the lanes past the last whole 16 are zero, so a multiple of 16
    /// gives `dot`'s bits.
    package static func paddedDot(_ x: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>, _ n: Int)
        -> Float
    {
        let whole = n / 16 * 16
        var a = lanes(x, w, whole)
        if whole < n {
            var (xt, wt) = (SIMD16<Float>(), SIMD16<Float>())
            for i in 0..<(n - whole) { (xt[i], wt[i]) = (x[whole + i], w[whole + i]) }
            a = a.addingProduct(xt, wt)
        }
        return QuantizedKernels.hsum(a)
    }

    @inline(__always)
    package static func dot(_ x: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>, _ cols: Int) -> Float {
        QuantizedKernels.hsum(lanes(x, w, cols))
    }

    /// The 16 lanes of a dot product over `cols` (a multiple of 16), each a chain in k's order.
    @inline(__always)
    static func lanes(_ x: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>, _ cols: Int) -> SIMD16<Float>
    {
        var a = SIMD16<Float>()
        var k = 0
        while k < cols {
            a = a.addingProduct(
                UnsafeRawPointer(x + k).loadUnaligned(as: SIMD16<Float>.self),
                UnsafeRawPointer(w + k).loadUnaligned(as: SIMD16<Float>.self))
            k += 16
        }
        return a
    }
}
