import AttentionCore

/// The register blocks of the expanded-rows path for CPUs with fewer vector registers than
/// AVX-512's 32: AVX2 runs six rows by two tokens in 8-lane halves, the portable tier two rows by
/// two tokens of 16 lanes (16 of NEON's 32 registers). Each result is `dot`'s own order.
extension QuantizedKernels {
    /// Six weight rows against two tokens on AVX2. A dot product's 16 lanes are two independent
    /// halves (lanes 0–7 and 8–15, which `hsum` adds first), so each half runs as its own pass
    /// over the row with 8-lane accumulators: 12 ymm registers a pass, 8 loads per 12 fused
    /// multiply-adds, and the same bits as `dot`.
    @inline(__always)
    static func block6x2(
        _ x0: UnsafeMutablePointer<Float>, _ x1: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>,
        _ cols: Int, _ y0: UnsafeMutablePointer<Float>, _ y1: UnsafeMutablePointer<Float>
    ) {
        typealias H = SIMD8<Float>
        withUnsafeTemporaryAllocation(of: H.self, capacity: 24) { buf in
            guard let acc = buf.baseAddress else { return }
            let (a, b, r) = (UnsafeRawPointer(x0), UnsafeRawPointer(x1), UnsafeRawPointer(w))
            halfPass6x2(a, b, r, cols * 4, from: 0, into: acc)
            halfPass6x2(a, b, r, cols * 4, from: 32, into: acc + 12)
            for i in 0..<6 {
                y0[i] = hsum8(acc[i] + acc[12 + i])
                y1[i] = hsum8(acc[6 + i] + acc[18 + i])
            }
        }
    }

    /// One half (8 lanes from byte `from` of every 64) of six rows' dot products with two tokens.
    @inline(never)
    static func halfPass6x2(
        _ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer, _ w: UnsafeRawPointer, _ stride: Int, from: Int,
        into acc: UnsafeMutablePointer<SIMD8<Float>>
    ) {
        typealias H = SIMD8<Float>
        var a0 = H()
        var a1 = H()
        var a2 = H()
        var a3 = H()
        var a4 = H()
        var a5 = H()
        var b0 = H()
        var b1 = H()
        var b2 = H()
        var b3 = H()
        var b4 = H()
        var b5 = H()
        let (s2, s3, s4, s5) = (2 * stride, 3 * stride, 4 * stride, 5 * stride)
        var o = from
        while o < stride {
            let xa = x0.loadUnaligned(fromByteOffset: o, as: H.self)
            let xb = x1.loadUnaligned(fromByteOffset: o, as: H.self)
            var v = w.loadUnaligned(fromByteOffset: o, as: H.self)
            a0 = a0.addingProduct(xa, v)
            b0 = b0.addingProduct(xb, v)
            v = w.loadUnaligned(fromByteOffset: o &+ stride, as: H.self)
            a1 = a1.addingProduct(xa, v)
            b1 = b1.addingProduct(xb, v)
            v = w.loadUnaligned(fromByteOffset: o &+ s2, as: H.self)
            a2 = a2.addingProduct(xa, v)
            b2 = b2.addingProduct(xb, v)
            v = w.loadUnaligned(fromByteOffset: o &+ s3, as: H.self)
            a3 = a3.addingProduct(xa, v)
            b3 = b3.addingProduct(xb, v)
            v = w.loadUnaligned(fromByteOffset: o &+ s4, as: H.self)
            a4 = a4.addingProduct(xa, v)
            b4 = b4.addingProduct(xb, v)
            v = w.loadUnaligned(fromByteOffset: o &+ s5, as: H.self)
            a5 = a5.addingProduct(xa, v)
            b5 = b5.addingProduct(xb, v)
            o &+= 64
        }
        (acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]) = (a0, a1, a2, a3, a4, a5)
        (acc[6], acc[7], acc[8], acc[9], acc[10], acc[11]) = (b0, b1, b2, b3, b4, b5)
    }

    /// `hsum`'s order from its first step on: 8 lanes to 4 to 2 to 1.
    @inline(__always)
    static func hsum8(_ a: SIMD8<Float>) -> Float {
        let b = a.lowHalf + a.highHalf
        let c = b.lowHalf + b.highHalf
        return c[0] + c[1]
    }

    @inline(__always)
    static func block2x2(
        _ x0: UnsafeMutablePointer<Float>, _ x1: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>,
        _ cols: Int, _ y0: UnsafeMutablePointer<Float>, _ y1: UnsafeMutablePointer<Float>
    ) {
        typealias V = SIMD16<Float>
        var a0 = V()
        var a1 = V()
        var b0 = V()
        var b1 = V()
        let wr = UnsafeRawPointer(w)
        let stride = cols * 4
        let (first, second) = (UnsafeRawPointer(x0), UnsafeRawPointer(x1))
        var o = 0
        while o < stride {
            let xa = first.loadUnaligned(fromByteOffset: o, as: V.self)
            let xb = second.loadUnaligned(fromByteOffset: o, as: V.self)
            var v = wr.loadUnaligned(fromByteOffset: o, as: V.self)
            a0 = a0.addingProduct(xa, v)
            b0 = b0.addingProduct(xb, v)
            v = wr.loadUnaligned(fromByteOffset: o &+ stride, as: V.self)
            a1 = a1.addingProduct(xa, v)
            b1 = b1.addingProduct(xb, v)
            o &+= 64
        }
        y0[0] = QuantizedKernels.hsum(a0)
        y0[1] = QuantizedKernels.hsum(a1)
        y1[0] = QuantizedKernels.hsum(b0)
        y1[1] = QuantizedKernels.hsum(b1)
    }

    /// The tier's blocks over a tile of expanded rows: tokens in chunks of eight, whose rows stay
    /// in L1 while every group of the tile's rows passes over them; rows in steps of six (AVX2)
    /// or two (portable), tokens in pairs; what is left over goes one dot product at a time.
    @inline(__always)
    static func smallDots(
        _ x: UnsafeMutablePointer<Float>, n: Int, _ w: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        y: UnsafeMutablePointer<Float>, ldy: Int, tier: KernelTier
    ) {
        let step = tier == .avx2 ? 6 : 2
        var first = 0
        while first < n {
            let end = min(n, first + 8)
            var r = 0
            while r + step <= rows {
                var t = first
                while t + 2 <= end {
                    let (x0, x1) = (x + t * cols, x + (t + 1) * cols)
                    let (y0, y1) = (y + t * ldy + r, y + (t + 1) * ldy + r)
                    if step == 6 {
                        block6x2(x0, x1, w + r * cols, cols, y0, y1)
                    } else {
                        block2x2(x0, x1, w + r * cols, cols, y0, y1)
                    }
                    t += 2
                }
                if t < end {
                    for rr in r..<(r + step) { y[t * ldy + rr] = dot(x + t * cols, w + rr * cols, cols) }
                }
                r += step
            }
            while r < rows {
                for t in first..<end { y[t * ldy + r] = dot(x + t * cols, w + r * cols, cols) }
                r += 1
            }
            first = end
        }
    }
}
