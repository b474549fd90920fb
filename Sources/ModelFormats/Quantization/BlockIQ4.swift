/// The non-linear 4-bit formats: each nibble picks one of 16 values spaced for a normal
/// distribution (`kvalues`), times the block's (IQ4_NL) or sub-block's (IQ4_XS) scale.
enum IQ4 {
    static let kvalues: [Float] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113]
}

/// IQ4_NL (18 bytes): d, 16 bytes of nibbles (low: values 0–15, high: 16–31). A value is d·k[q].
enum BlockIQ4_NL: QuantBlock {
    static let type = GGMLType.iq4NL
    static let bytes = 18
    static let values = 32
    static let scaleOffsets = [0]
    static let quants = 2

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let d = half(p, 0)
        for j in 0..<16 {
            let byte = p.load(fromByteOffset: quants + j, as: UInt8.self)
            out[j] = d * IQ4.kvalues[Int(byte & 0x0f)]
            out[j + 16] = d * IQ4.kvalues[Int(byte >> 4)]
        }
    }
}

/// IQ4_XS (136 bytes): d, 2 bytes of the scales' high bit pairs, 4 bytes of their low nibbles, 128
/// bytes of nibbles in 8 sub-blocks of 32 values (16 bytes each: low nibbles first). Sub-block
/// i's scale is d·(s − 32), s = low nibble i | high pair i << 4; a value is that scale times k[q].
enum BlockIQ4_XS: QuantBlock {
    static let type = GGMLType.iq4XS
    static let bytes = 136
    static let values = 256
    static let scaleOffsets = [0]
    static let highScales = 2
    static let lowScales = 4
    static let quants = 8

    @inline(__always)
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let d = half(p, 0)
        let high = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: highScales, as: UInt16.self))
        for i in 0..<8 {
            let low = p.load(fromByteOffset: lowScales + i / 2, as: UInt8.self) >> UInt8(4 * (i % 2)) & 0x0f
            let s = Int(low | UInt8((high >> UInt16(2 * i)) & 3) << 4) - 32
            let dl = d * Float(s)
            for j in 0..<16 {
                let byte = p.load(fromByteOffset: quants + 16 * i + j, as: UInt8.self)
                out[32 * i + j] = dl * IQ4.kvalues[Int(byte & 0x0f)]
                out[32 * i + j + 16] = dl * IQ4.kvalues[Int(byte >> 4)]
            }
        }
    }
}
