/// GGUF tensor bytes to Float, each value exactly as the format defines it (and as the `gguf`
/// package's `gguf.quants.dequantize` computes it, in float32, product then sum, no fused
/// multiply-add): a weight is used at the value the file means, never re-rounded.
public enum GGUFDequantize {
    /// `count` elements of type `type` at `src` into `dst`; `count` is a multiple of the block.
    public static func expand(
        _ src: UnsafeRawPointer, type: GGMLType, count: Int, into dst: UnsafeMutablePointer<Float>
    ) throws(ModelError) {
        guard type.isDequantizable else { throw .gguf("tensors of type \(type.name) are not read yet") }
        guard count % type.blockSize == 0 else { throw .gguf("\(count) values are not whole \(type.name) blocks") }
        let blocks = count / type.blockSize
        switch type {
        case .f32:
            for i in 0..<count { dst[i] = Float(bitPattern: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
        case .f16:
            for i in 0..<count {
                dst[i] = FloatConversion.half(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .bf16:
            for i in 0..<count {
                dst[i] = FloatConversion.bfloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .q80:
            for b in 0..<blocks { q8(src + 34 * b, dst + 32 * b) }
        case .q40:
            for b in 0..<blocks { q4(src + 18 * b, dst + 32 * b, hasMin: false) }
        case .q41:
            for b in 0..<blocks { q4(src + 20 * b, dst + 32 * b, hasMin: true) }
        case .q2K:
            for b in 0..<blocks { q2K(src + 84 * b, dst + 256 * b) }
        case .q3K:
            for b in 0..<blocks { q3K(src + 110 * b, dst + 256 * b) }
        case .q4K:
            for b in 0..<blocks { q45K(src + 144 * b, dst + 256 * b, fifthBits: false) }
        case .q5K:
            for b in 0..<blocks { q45K(src + 176 * b, dst + 256 * b, fifthBits: true) }
        case .q6K:
            for b in 0..<blocks { q6K(src + 210 * b, dst + 256 * b) }
        default: break
        }
    }

    /// A block's f16 scale, exactly (every f16 is a float32); inlined, as the kernels read one
    /// per 32 weights.
    @inline(__always)
    static func scale(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        #if arch(x86_64) || arch(arm64)
            Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        #else
            FloatConversion.half(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        #endif
    }

    /// 32 signed bytes times one f16 scale.
    @inline(__always)
    static func q8(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = scale(p, 0)
        for j in 0..<32 { out[j] = Float(Int8(bitPattern: p.load(fromByteOffset: 2 + j, as: UInt8.self))) * d }
    }

    /// 16 bytes of nibbles: low nibbles are values 0–15 of the block, high nibbles 16–31.
    /// Q4_0: (q − 8)·d; Q4_1: q·d + m.
    @inline(__always)
    static func q4(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, hasMin: Bool) {
        let d = scale(p, 0)
        let m = hasMin ? scale(p, 2) : 0
        let qs = hasMin ? 4 : 2
        for j in 0..<16 {
            let byte = p.load(fromByteOffset: qs + j, as: UInt8.self)
            let lo = Int(byte & 0x0f)
            let hi = Int(byte >> 4)
            if hasMin {
                out[j] = Float(lo) * d + m
                out[j + 16] = Float(hi) * d + m
            } else {
                out[j] = Float(lo - 8) * d
                out[j + 16] = Float(hi - 8) * d
            }
        }
    }
}
