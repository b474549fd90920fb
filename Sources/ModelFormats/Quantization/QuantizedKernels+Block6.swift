extension QuantizedKernels {
    /// Six weight rows against four tokens: 24 accumulators, 10 loads per 24 fused
    /// multiply-adds (four rows by two tokens need 6 per 8), so the token rows, which come from L2
    /// in a long prompt, are read a third less often. Each result is `dot`'s own order.
    ///
    /// `bytes` is the part of the rows to run (all of them, or one slice of a long row: see
    /// `dotsInSlices`); `carry`, when given, holds the 24 accumulators between slices, which
    /// start from zero on the first and are summed into `y` only after the last.
    @inline(__always)
    static func block6x4(
        _ x: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>, _ cols: Int,
        _ y: UnsafeMutablePointer<Float>, _ ldy: Int, bytes: Range<Int>? = nil, carry: UnsafeMutableRawPointer? = nil
    ) {
        typealias V = SIMD16<Float>
        let stride = cols * 4
        let part = bytes ?? 0..<stride
        let resume = carry != nil && part.lowerBound > 0
        func start(_ i: Int) -> V { resume ? carry.unsafelyUnwrapped.load(fromByteOffset: 64 * i, as: V.self) : V() }
        var (a0, a1, a2, a3, a4, a5) = (start(0), start(1), start(2), start(3), start(4), start(5))
        var (b0, b1, b2, b3, b4, b5) = (start(6), start(7), start(8), start(9), start(10), start(11))
        var (c0, c1, c2, c3, c4, c5) = (start(12), start(13), start(14), start(15), start(16), start(17))
        var (d0, d1, d2, d3, d4, d5) = (start(18), start(19), start(20), start(21), start(22), start(23))
        let wr = UnsafeRawPointer(w)
        let xr = UnsafeRawPointer(x)
        // Offsets precomputed and added without overflow checks (each `jo` in the loop cost
        // as much as a multiply-add); they stay far below Int.max: a row is at most 1 MB.
        let (s2, s3, s4, s5) = (2 * stride, 3 * stride, 4 * stride, 5 * stride)
        var o = part.lowerBound
        while o < part.upperBound {
            let xa = xr.loadUnaligned(fromByteOffset: o, as: V.self)
            let xb = xr.loadUnaligned(fromByteOffset: o &+ stride, as: V.self)
            let xc = xr.loadUnaligned(fromByteOffset: o &+ s2, as: V.self)
            let xd = xr.loadUnaligned(fromByteOffset: o &+ s3, as: V.self)
            var v = wr.loadUnaligned(fromByteOffset: o, as: V.self)
            a0 = a0.addingProduct(xa, v)
            b0 = b0.addingProduct(xb, v)
            c0 = c0.addingProduct(xc, v)
            d0 = d0.addingProduct(xd, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ stride, as: V.self)
            a1 = a1.addingProduct(xa, v)
            b1 = b1.addingProduct(xb, v)
            c1 = c1.addingProduct(xc, v)
            d1 = d1.addingProduct(xd, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ s2, as: V.self)
            a2 = a2.addingProduct(xa, v)
            b2 = b2.addingProduct(xb, v)
            c2 = c2.addingProduct(xc, v)
            d2 = d2.addingProduct(xd, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ s3, as: V.self)
            a3 = a3.addingProduct(xa, v)
            b3 = b3.addingProduct(xb, v)
            c3 = c3.addingProduct(xc, v)
            d3 = d3.addingProduct(xd, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ s4, as: V.self)
            a4 = a4.addingProduct(xa, v)
            b4 = b4.addingProduct(xb, v)
            c4 = c4.addingProduct(xc, v)
            d4 = d4.addingProduct(xd, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ s5, as: V.self)
            a5 = a5.addingProduct(xa, v)
            b5 = b5.addingProduct(xb, v)
            c5 = c5.addingProduct(xc, v)
            d5 = d5.addingProduct(xd, v)
            o &+= 64
        }
        if let carry, part.upperBound < stride {
            func keep(_ i: Int, _ six: Six) {
                let p = carry + 384 * i
                p.storeBytes(of: six.0, as: V.self)
                (p + 64).storeBytes(of: six.1, as: V.self)
                (p + 128).storeBytes(of: six.2, as: V.self)
                (p + 192).storeBytes(of: six.3, as: V.self)
                (p + 256).storeBytes(of: six.4, as: V.self)
                (p + 320).storeBytes(of: six.5, as: V.self)
            }
            keep(0, (a0, a1, a2, a3, a4, a5))
            keep(1, (b0, b1, b2, b3, b4, b5))
            keep(2, (c0, c1, c2, c3, c4, c5))
            keep(3, (d0, d1, d2, d3, d4, d5))
            return
        }
        store6(y, (a0, a1, a2, a3, a4, a5))
        store6(y + ldy, (b0, b1, b2, b3, b4, b5))
        store6(y + 2 * ldy, (c0, c1, c2, c3, c4, c5))
        store6(y + 3 * ldy, (d0, d1, d2, d3, d4, d5))
    }

    typealias Six = (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>)

    /// Each accumulator's lanes summed into one output (a tuple: no array, no heap).
    @inline(__always)
    static func store6(_ row: UnsafeMutablePointer<Float>, _ acc: Six) {
        row[0] = QuantizedKernels.hsum(acc.0)
        row[1] = QuantizedKernels.hsum(acc.1)
        row[2] = QuantizedKernels.hsum(acc.2)
        row[3] = QuantizedKernels.hsum(acc.3)
        row[4] = QuantizedKernels.hsum(acc.4)
        row[5] = QuantizedKernels.hsum(acc.5)
    }

}

extension QuantizedKernels {
    /// The 16 lanes summed in halves (8 + 8, 4 + 4, 2 + 2, 1 + 1): one fixed order, inlined.
    /// The standard library's `sum()` stayed a call, 13 % of a 64-token prompt.
    @inline(__always)
    package static func hsum(_ v: SIMD16<Float>) -> Float {
        let a = v.lowHalf + v.highHalf
        let b = a.lowHalf + a.highHalf
        let c = b.lowHalf + b.highHalf
        return c[0] + c[1]
    }
}

extension QuantizedKernels {
    /// Bytes of a row run at a time when rows are long: six weight rows' and four tokens'
    /// slices (40 KB) stay in L1 while every token passes, where whole rows (a 2048-wide
    /// model's 80 KB, an 8B model's 14,336-wide rows 570 KB) came from L2 for every four tokens.
    static let slice = 4096

    /// `dots`' six-by-four blocks over rows longer than `slice`, a slice at a time; each
    /// block's accumulators wait in `carry` between slices, so every result is still `dot`'s
    /// one chain in k's order. Returns the rows done (a multiple of 6); tokens past the last
    /// four are left to the caller.
    @inline(__always)
    static func dotsInSlices(
        _ x: UnsafeMutablePointer<Float>, n: Int, _ w: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        y: UnsafeMutablePointer<Float>, ldy: Int, carry: UnsafeMutableRawPointer
    ) -> Int {
        let groups = rows / 6
        let quads = n / 4
        let stride = cols * 4
        var o = 0
        while o < stride {
            let part = o..<min(o + slice, stride)
            for g in 0..<groups {
                for q in 0..<quads {
                    block6x4(
                        x + 4 * q * cols, w + 6 * g * cols, cols, y + 4 * q * ldy + 6 * g, ldy, bytes: part,
                        carry: carry + 1536 * (g * quads + q))
                }
            }
            o = part.upperBound
        }
        return 6 * groups
    }

    /// Bytes `dotsInSlices` keeps for `rows` × `n` tokens.
    static func carryBytes(rows: Int, n: Int) -> Int { max(64, (rows / 6) * (n / 4) * 1536) }
}
