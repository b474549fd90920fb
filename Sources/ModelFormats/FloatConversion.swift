/// Half-precision and bfloat16 to Float, by bits: exact, and the same on every CPU.
package enum FloatConversion {
    /// IEEE 754 binary16 → binary32, subnormals, infinities and NaN included.
    @inline(__always)
    static func half(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1f
        var mantissa = UInt32(h & 0x03ff)
        if exponent == 0x1f { return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13)) }
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            // Subnormal: normalize into a Float exponent.
            var e: UInt32 = 113
            while mantissa & 0x0400 == 0 {
                mantissa <<= 1
                e -= 1
            }
            return Float(bitPattern: sign | (e << 23) | ((mantissa & 0x03ff) << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// bfloat16 is the top half of a Float.
    @inline(__always)
    static func bfloat(_ b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// `count` elements of a little-endian F32/F16/BF16 tensor at `src` into `dst`.
    package static func convert(
        _ src: UnsafeRawPointer, dtype: TensorDType, count: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        switch dtype {
        case .f32:
            for i in 0..<count {
                dst[i] = Float(
                    bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f16:
            for i in 0..<count {
                dst[i] = half(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .bf16:
            for i in 0..<count {
                dst[i] = bfloat(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        default:
            dst.update(repeating: 0, count: count)
        }
    }
}
