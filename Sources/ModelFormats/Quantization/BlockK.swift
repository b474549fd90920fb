/// The K-quants GGUF files in the wild use: 256 values per block in 8 or 16 sub-blocks, each
/// with its own 4-bit (Q2_K), 6-bit (Q3_K, Q4_K, Q5_K) or 8-bit (Q6_K) scale. Values as
/// `gguf.quants.dequantize` computes them: the sub-block's d·sc and dmin·m first, then
/// (d·sc)·q − dmin·m. Scales are read where they are used; nothing is allocated.

/// Q4_K (144 bytes): d, dmin, 12 bytes of six-bit scales and mins, 128 bytes of nibbles. Sub-block
/// 2i is the low nibbles of bytes 32i…32i+31, sub-block 2i+1 their high nibbles.
enum BlockQ4K: QuantBlock {
    static let type = GGMLType.q4K
    static let bytes = 144
    static let values = 256
    static let scaleOffsets = [0, 2]
    static let scales = 4
    static let quants = 16

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let f = factors(p)
        for i in 0..<4 {
            let (a, b, c, e) = lanes(p, pair: i, factors: f)
            let o = UnsafeMutableRawPointer(out + 64 * i)
            o.storeBytes(of: a, as: SIMD16<Float>.self)
            (o + 64).storeBytes(of: b, as: SIMD16<Float>.self)
            (o + 128).storeBytes(of: c, as: SIMD16<Float>.self)
            (o + 192).storeBytes(of: e, as: SIMD16<Float>.self)
        }
    }

    /// The block's eight d·sc (lanes 0–7) and eight dmin·m (lanes 8–15), unpacked from the
    /// twelve scale bytes in vector registers (`scaleAndMin`'s values, all at once: unpacked one
    /// by one they were a third of a generated token's instructions).
    @inline(__always)
    static func factors(_ p: UnsafeRawPointer) -> SIMD16<Float> {
        // Bytes 4…19: the twelve scale bytes, then four of the nibbles (unused).
        let b = p.loadUnaligned(fromByteOffset: scales, as: SIMD16<UInt8>.self)
        let low = SIMD16<UInt8>(
            b[0], b[1], b[2], b[3], b[8], b[9], b[10], b[11], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11])
        let top = SIMD16<UInt8>(0, 0, 0, 0, b[0], b[1], b[2], b[3], 0, 0, 0, 0, b[4], b[5], b[6], b[7])
        let shift = SIMD16<UInt8>(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4)
        let mask = SIMD16<UInt8>(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 15, 15, 15, 15)
        let six = ((low &>> shift) & mask) | ((top &>> 6) &<< 4)
        let (d, dmin) = halves(p, 0)
        let dd = SIMD16<Float>(
            d, d, d, d, d, d, d, d, dmin, dmin, dmin, dmin, dmin, dmin, dmin, dmin)
        return dd * Lanes.float(six)
    }

    /// Values 64i…64i+63 (sub-blocks 2i and 2i+1: the low, then the high nibbles of bytes
    /// 32i…32i+31) as four 16-lane vectors, each (d·sc)·q − dmin·m as gguf computes it: a
    /// product, then a difference, never fused. The dot kernels use them where they are made.
    @inline(__always)
    static func lanes(_ p: UnsafeRawPointer, pair i: Int, factors f: SIMD16<Float>) -> (
        SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>
    ) {
        typealias V = SIMD16<Float>
        let q0 = p.loadUnaligned(fromByteOffset: quants + 32 * i, as: SIMD16<UInt8>.self)
        let q1 = p.loadUnaligned(fromByteOffset: quants + 32 * i + 16, as: SIMD16<UInt8>.self)
        let (d0, n0) = (V(repeating: f[2 * i]), V(repeating: f[8 + 2 * i]))
        let (d1, n1) = (V(repeating: f[2 * i + 1]), V(repeating: f[9 + 2 * i]))
        return (
            Lanes.float(q0 & 0x0f) * d0 - n0, Lanes.float(q1 & 0x0f) * d0 - n0,
            Lanes.float(q0 &>> 4) * d1 - n1, Lanes.float(q1 &>> 4) * d1 - n1
        )
    }

    /// The six-bit scale and min of sub-block k of the 12 bytes at `s` (Q4_K's and Q5_K's packing).
    @inline(__always)
    static func scaleAndMin(_ s: UnsafeRawPointer, _ k: Int) -> (Float, Float) {
        func b(_ i: Int) -> UInt8 { s.load(fromByteOffset: i, as: UInt8.self) }
        guard k >= 4 else { return (Float(b(k) & 0x3f), Float(b(k + 4) & 0x3f)) }
        let i = k - 4
        return (Float((b(i + 8) & 0x0f) | ((b(i) >> 2) & 0x30)), Float((b(i + 8) >> 4) | ((b(i + 4) >> 2) & 0x30)))
    }

    /// Q4_K's values, with Q5_K's fifth bits on top when `fifth` is given.
    @inline(__always)
    static func expand45(
        _ p: UnsafeRawPointer, quants qs: UnsafeRawPointer, fifth qh: UnsafeRawPointer?,
        into out: UnsafeMutablePointer<Float>
    ) {
        let (d, dmin) = halves(p, 0)
        for k in 0..<8 {
            let (sc, mn) = scaleAndMin(p + scales, k)
            let dk = d * sc
            let mk = dmin * mn
            for l in 0..<32 {
                let byte = qs.load(fromByteOffset: 32 * (k / 2) + l, as: UInt8.self)
                var q = k % 2 == 0 ? byte & 0x0f : byte >> 4
                if let qh { q |= ((qh.load(fromByteOffset: l, as: UInt8.self) >> UInt8(k)) & 1) << 4 }
                out[32 * k + l] = dk * Float(q) - mk
            }
        }
    }
}

/// Q5_K (176 bytes): Q4_K's fields with 32 bytes of fifth bits before the nibbles: bit k of byte
/// l is the fifth bit of value l of sub-block k.
enum BlockQ5K: QuantBlock {
    static let type = GGMLType.q5K
    static let bytes = 176
    static let values = 256
    static let scaleOffsets = [0, 2]
    static let fifthBits = 16
    static let quants = 48

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        BlockQ4K.expand45(p, quants: p + quants, fifth: p + fifthBits, into: out)
    }
}

/// Q6_K (210 bytes): 128 bytes of low nibbles, 64 of high bit pairs, 16 signed scales, d. Each
/// half of 128 values: low(ql[l]), low(ql[l+32]), high(ql[l]), high(ql[l+32]) for l in 0..<32,
/// with bits 0-1, 2-3, 4-5, 6-7 of qh[l] on top; one scale per 16 values.
enum BlockQ6K: QuantBlock {
    static let type = GGMLType.q6K
    static let bytes = 210
    static let values = 256
    static let scaleOffsets = [208]
    static let highBits = 128
    static let scales = 192

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let d = half(p, 208)
        for chunk in 0..<16 {
            UnsafeMutableRawPointer(out + 16 * chunk).storeBytes(
                of: lanes(p, chunk: chunk, d: d), as: SIMD16<Float>.self)
        }
    }

    /// Values 16c…16c+15 (c = 8·half + 2·part + which half of 32), as gguf computes them: the
    /// sub-block's d·scale, then times q − 32. The dot kernels use them where they are made.
    @inline(__always)
    static func lanes(_ p: UnsafeRawPointer, chunk c: Int, d: Float) -> SIMD16<Float> {
        let (h, part, l0) = (c >> 3, (c >> 1) & 3, 16 * (c & 1))
        let low = p.loadUnaligned(fromByteOffset: 64 * h + (part & 1) * 32 + l0, as: SIMD16<UInt8>.self)
        let nibble = part < 2 ? low & 0x0f : low &>> 4
        let top =
            (p.loadUnaligned(fromByteOffset: highBits + 32 * h + l0, as: SIMD16<UInt8>.self) &>> UInt8(2 * part)) & 3
        let q = SIMD16<Int8>(truncatingIfNeeded: nibble | (top &<< 4)) &- 32
        let s = Float(Int8(bitPattern: p.load(fromByteOffset: scales + c, as: UInt8.self)))
        return SIMD16<Float>(repeating: d * s) * Lanes.float(q)
    }
}

/// Q2_K (84 bytes): 16 scale bytes (per 16 values: the low nibble scales d, the high one dmin),
/// 64 bytes of 2-bit values, then d and dmin. Value v = 128h + 32s + l is bits 2s, 2s+1 of byte
/// 32h + l; it is (d·scale)·q − dmin·min.
enum BlockQ2K: QuantBlock {
    static let type = GGMLType.q2K
    static let bytes = 84
    static let values = 256
    static let scaleOffsets = [80, 82]
    static let quants = 16

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let d = half(p, 80)
        let dmin = half(p, 82)
        for v in 0..<256 {
            let byte = p.load(fromByteOffset: quants + 32 * (v / 128) + v % 32, as: UInt8.self)
            let q = (byte >> UInt8(2 * ((v / 32) % 4))) & 3
            let sc = p.load(fromByteOffset: v / 16, as: UInt8.self)
            out[v] = (d * Float(sc & 0x0f)) * Float(q) - dmin * Float(sc >> 4)
        }
    }
}

/// Q3_K (110 bytes): 32 bytes of third bits (bit s of byte l belongs to value 32s + l, and a
/// clear bit subtracts 4), 64 bytes of low bit pairs laid out as Q2_K's, 12 bytes of sixteen
/// 6-bit scales offset by 32 (low nibbles in bytes 0–7, first the low then the high halves; top
/// bit pairs in bytes 8–11, scale i in bits 2(i/4) of byte 8 + i % 4), then d.
enum BlockQ3K: QuantBlock {
    static let type = GGMLType.q3K
    static let bytes = 110
    static let values = 256
    static let scaleOffsets = [108]
    static let quants = 32
    static let scales = 96

    /// Sub-block i's scale, d·(s − 32).
    @inline(__always)
    static func scale(_ p: UnsafeRawPointer, _ i: Int, d: Float) -> Float {
        func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        let low = i < 8 ? b(scales + i) & 0x0f : b(scales - 8 + i) >> 4
        let high = (b(scales + 8 + i % 4) >> UInt8(2 * (i / 4))) & 3
        return d * Float(Int(low | (high << 4)) - 32)
    }

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        let d = half(p, 108)
        for i in 0..<16 {
            let s = scale(p, i, d: d)
            for v in (16 * i)..<(16 * i + 16) {
                let low = (b(quants + 32 * (v / 128) + v % 32) >> UInt8(2 * ((v / 32) % 4))) & 3
                let cleared = ((b(v % 32) >> UInt8(v / 32)) & 1) ^ 1
                out[v] = s * Float(Int(low) - 4 * Int(cleared))
            }
        }
    }
}
