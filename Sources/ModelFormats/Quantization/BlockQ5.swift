/// Q5_0 and Q5_1: Q4's 32-value blocks with a fifth bit per value in a 32-bit word `qh` (bit j
/// for value j). Today's Q4_K_M files carry Q5_0 for some matrices (Gemma 3's and Qwen2.5's
/// q, k, gate and up).

/// Q5_0 (22 bytes): d, qh, 16 bytes of nibbles (low: values 0–15, high: 16–31). A value is (q − 16)·d.
enum BlockQ5_0: QuantBlock {
    static let type = GGMLType.q50
    static let bytes = 22
    static let values = 32
    static let scaleOffsets = [0]
    static let fifthBits = 2
    static let quants = 6

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let (lo, hi) = lanes(p)
        UnsafeMutableRawPointer(out).storeBytes(of: lo, as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(out + 16).storeBytes(of: hi, as: SIMD16<Float>.self)
    }

    /// Values 0–15 and 16–31 in vector registers, each d·(q − 16) as gguf computes it; the
    /// generation kernel uses them where they are made.
    @inline(__always)
    static func lanes(_ p: UnsafeRawPointer) -> (SIMD16<Float>, SIMD16<Float>) {
        let d = SIMD16<Float>(repeating: half(p, 0))
        let qh = SIMD16<UInt32>(
            repeating: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: fifthBits, as: UInt32.self)))
        let q = p.loadUnaligned(fromByteOffset: quants, as: SIMD16<UInt8>.self)
        let iota = SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let fifthLo = SIMD16<UInt8>(truncatingIfNeeded: (qh &>> iota) & 1) &<< 4
        let fifthHi = SIMD16<UInt8>(truncatingIfNeeded: (qh &>> (iota &+ 16)) & 1) &<< 4
        let lo = SIMD16<Int8>(truncatingIfNeeded: (q & 0x0f) | fifthLo) &- 16
        let hi = SIMD16<Int8>(truncatingIfNeeded: (q &>> 4) | fifthHi) &- 16
        return (d * Lanes.float(lo), d * Lanes.float(hi))
    }
}

/// Q5_1 (24 bytes): d, m, qh, 16 bytes of nibbles laid out as Q5_0's. A value is d·q + m.
enum BlockQ5_1: QuantBlock {
    static let type = GGMLType.q51
    static let bytes = 24
    static let values = 32
    static let scaleOffsets = [0, 2]
    static let fifthBits = 4
    static let quants = 8

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let (d, m) = halves(p, 0)
        let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: fifthBits, as: UInt32.self))
        for j in 0..<16 {
            let byte = p.load(fromByteOffset: quants + j, as: UInt8.self)
            let lo = (byte & 0x0f) | UInt8((qh >> UInt32(j)) & 1) << 4
            let hi = (byte >> 4) | UInt8((qh >> UInt32(j + 16)) & 1) << 4
            out[j] = d * Float(lo) + m
            out[j + 16] = d * Float(hi) + m
        }
    }
}
