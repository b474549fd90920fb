/// The K-quants GGUF files in the wild use: 256 values per block in 8 or 16 sub-blocks, each
/// sub-block with its own 4-bit (Q2_K), 6-bit (Q3_K, Q4_K, Q5_K) or 8-bit (Q6_K) scale. Values as
/// `gguf.quants.dequantize` computes them: sub-block scale d·sc and min dmin·m first, then
/// (d·sc)·q − dmin·m.
extension GGUFDequantize {
    /// The 8 six-bit scales and mins packed in 12 bytes (Q4_K, Q5_K).
    @inline(__always)
    static func scalesAndMins(_ s: UnsafeRawPointer) -> (scales: [Float], mins: [Float]) {
        func b(_ i: Int) -> UInt8 { s.load(fromByteOffset: i, as: UInt8.self) }
        var scales = [Float](repeating: 0, count: 8)
        var mins = [Float](repeating: 0, count: 8)
        for i in 0..<4 {
            scales[i] = Float(b(i) & 0x3f)
            mins[i] = Float(b(i + 4) & 0x3f)
            scales[i + 4] = Float((b(i + 8) & 0x0f) | ((b(i) >> 2) & 0x30))
            mins[i + 4] = Float((b(i + 8) >> 4) | ((b(i + 4) >> 2) & 0x30))
        }
        return (scales, mins)
    }

    /// Q4_K (144 bytes): d, dmin, 12 bytes of scales, 128 bytes of nibbles. Sub-block 2i is the
    /// low nibbles of bytes 32i…32i+31, sub-block 2i+1 their high nibbles.
    /// Q5_K (176 bytes) adds 32 bytes of fifth bits before the nibbles: bit k of byte l is the
    /// fifth bit of value l of sub-block k.
    static func q45K(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, fifthBits: Bool) {
        let d = scale(p, 0)
        let dmin = scale(p, 2)
        let (sc, mn) = scalesAndMins(p + 4)
        let qh = p + 16
        let qs = p + (fifthBits ? 48 : 16)
        for k in 0..<8 {
            let dk = d * sc[k]
            let mk = dmin * mn[k]
            for l in 0..<32 {
                let byte = qs.load(fromByteOffset: 32 * (k / 2) + l, as: UInt8.self)
                var q = k % 2 == 0 ? byte & 0x0f : byte >> 4
                if fifthBits { q |= ((qh.load(fromByteOffset: l, as: UInt8.self) >> UInt8(k)) & 1) << 4 }
                out[32 * k + l] = dk * Float(q) - mk
            }
        }
    }

    /// Q6_K (210 bytes): 128 bytes of low nibbles, 64 of high 2-bit pairs, 16 signed scales, d.
    /// Each half of 128 values: low(ql[l]), low(ql[l+32]), high(ql[l]), high(ql[l+32]) for
    /// l in 0..<32, with bits 0-1, 2-3, 4-5, 6-7 of qh[l] on top; one scale per 16 values.
    static func q6K(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = scale(p, 208)
        for half in 0..<2 {
            let ql = p + 64 * half
            let qh = p + 128 + 32 * half
            for part in 0..<4 {
                for l in 0..<32 {
                    let low = ql.load(fromByteOffset: l + (part % 2) * 32, as: UInt8.self)
                    let nibble = part < 2 ? low & 0x0f : low >> 4
                    let top = (qh.load(fromByteOffset: l, as: UInt8.self) >> UInt8(2 * part)) & 3
                    let q = Int(nibble | (top << 4)) - 32
                    let v = 128 * half + 32 * part + l
                    let s = Float(Int8(bitPattern: p.load(fromByteOffset: 192 + v / 16, as: UInt8.self)))
                    out[v] = (d * s) * Float(q)
                }
            }
        }
    }

    /// Q2_K (84 bytes): 16 scale bytes (per 16 values: the low nibble scales d, the high one
    /// scales dmin), 64 bytes of 2-bit values, then d and dmin. Value v = 128h + 32s + l is bits
    /// 2s, 2s+1 of byte 32h + l; it is (d·scale)·q − dmin·min.
    static func q2K(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = scale(p, 80)
        let dmin = scale(p, 82)
        for v in 0..<256 {
            let byte = p.load(fromByteOffset: 16 + 32 * (v / 128) + v % 32, as: UInt8.self)
            let q = (byte >> UInt8(2 * ((v / 32) % 4))) & 3
            let sc = p.load(fromByteOffset: v / 16, as: UInt8.self)
            out[v] = (d * Float(sc & 0x0f)) * Float(q) - dmin * Float(sc >> 4)
        }
    }

    /// Q3_K (110 bytes): 32 bytes of third bits (bit s of byte l belongs to value 32s + l, and
    /// a clear bit subtracts 4), 64 bytes of low 2-bit pairs laid out as Q2_K's, 12 bytes of
    /// sixteen 6-bit scales offset by 32 (low nibbles in bytes 0–7, first the low then the high
    /// halves; top bit pairs in bytes 8–11, scale i in bits 2(i/4) of byte 8 + i % 4), then d.
    static func q3K(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        let d = scale(p, 108)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scales in
            for i in 0..<16 {
                let low = i < 8 ? b(96 + i) & 0x0f : b(88 + i) >> 4
                let high = (b(104 + i % 4) >> UInt8(2 * (i / 4))) & 3
                scales[i] = d * Float(Int(low | (high << 4)) - 32)
            }
            for v in 0..<256 {
                let low = (b(32 + 32 * (v / 128) + v % 32) >> UInt8(2 * ((v / 32) % 4))) & 3
                let cleared = ((b(v % 32) >> UInt8(v / 32)) & 1) ^ 1
                out[v] = scales[v / 16] * Float(Int(low) - 4 * Int(cleared))
            }
        }
    }
}
