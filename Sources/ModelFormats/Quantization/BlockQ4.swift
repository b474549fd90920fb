/// The 32-value formats: one float16 scale `d` (and for Q4_1 a minimum `m`), then the values,
/// 16 lanes at a time. The lanes are the values `GGUFDequantize` gives and the ones the dot
/// kernels multiply, decoded in this one place.

/// Q4_0 (18 bytes): d, then 16 bytes of nibbles; low nibbles are values 0–15, high ones 16–31.
/// A value is (q − 8)·d.
enum BlockQ4_0: QuantBlock {
    static let type = GGMLType.q40
    static let bytes = 18
    static let values = 32
    static let scaleOffsets = [0]
    static let quants = 2

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let d = SIMD16<Float>(repeating: half(p, 0))
        let q = p.loadUnaligned(fromByteOffset: quants, as: SIMD16<UInt8>.self)
        let eight = SIMD16<Float>(repeating: 8)
        store(out, (Lanes.float(q & 0x0f) - eight) * d, (Lanes.float(q &>> 4) - eight) * d)
    }
}

/// Q4_1 (20 bytes): d, m, then 16 bytes of nibbles laid out as Q4_0's. A value is q·d + m.
enum BlockQ4_1: QuantBlock {
    static let type = GGMLType.q41
    static let bytes = 20
    static let values = 32
    static let scaleOffsets = [0, 2]
    static let quants = 4

    /// Values 0–15 and 16–31. q·d is exact in float32 (a 4-bit q times d's 11 significant
    /// bits), so one fused multiply-add gives the bits of the format's product then sum, with
    /// one instruction fewer per 8 values (the expansion is most of a generated token's time).
    @inline(__always)
    static func lanes(_ p: UnsafeRawPointer) -> (SIMD16<Float>, SIMD16<Float>) {
        let (ds, ms) = halves(p, 0)
        let d = SIMD16<Float>(repeating: ds)
        let m = SIMD16<Float>(repeating: ms)
        let q = p.loadUnaligned(fromByteOffset: quants, as: SIMD16<UInt8>.self)
        return (m.addingProduct(Lanes.float(q & 0x0f), d), m.addingProduct(Lanes.float(q &>> 4), d))
    }

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let (lo, hi) = lanes(p)
        store(out, lo, hi)
    }
}

/// Q8_0 (34 bytes): d, then 32 signed bytes. A value is q·d.
enum BlockQ8_0: QuantBlock {
    static let type = GGMLType.q80
    static let bytes = 34
    static let values = 32
    static let scaleOffsets = [0]
    static let quants = 2

    @inline(__always)
    static func lanes(_ p: UnsafeRawPointer) -> (SIMD16<Float>, SIMD16<Float>) {
        let d = SIMD16<Float>(repeating: half(p, 0))
        let lo = Lanes.float(p.loadUnaligned(fromByteOffset: quants, as: SIMD16<Int8>.self))
        let hi = Lanes.float(p.loadUnaligned(fromByteOffset: quants + 16, as: SIMD16<Int8>.self))
        return (lo * d, hi * d)
    }

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let (lo, hi) = lanes(p)
        store(out, lo, hi)
    }
}

/// Two 16-lane halves of a 32-value block into `out`.
@inline(__always)
private func store(_ out: UnsafeMutablePointer<Float>, _ lo: SIMD16<Float>, _ hi: SIMD16<Float>) {
    let raw = UnsafeMutableRawPointer(out)
    raw.storeBytes(of: lo, as: SIMD16<Float>.self)
    raw.storeBytes(of: hi, toByteOffset: 64, as: SIMD16<Float>.self)
}

/// Small integers to float32, lane by lane, exact.
enum Lanes {
    /// Written out so the compiler sees a loop it vectorizes (the generic SIMD conversions stay
    /// calls, a fifth of a generated token's time).
    @inline(__always)
    static func float(_ q: SIMD16<UInt8>) -> SIMD16<Float> {
        var out = SIMD16<Float>()
        for i in 0..<16 { out[i] = Float(q[i]) }
        return out
    }

    @inline(__always)
    static func float(_ q: SIMD16<Int8>) -> SIMD16<Float> {
        var out = SIMD16<Float>()
        for i in 0..<16 { out[i] = Float(q[i]) }
        return out
    }
}
