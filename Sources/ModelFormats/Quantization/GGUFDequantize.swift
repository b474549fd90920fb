/// GGUF tensor bytes to Float, each value exactly as the format defines it (and as the `gguf`
/// package's `gguf.quants.dequantize` computes it): float types converted, block types expanded
/// by their `QuantBlock`. A weight is used at the value the file means, never re-rounded.
public enum GGUFDequantize {
    /// `count` elements of type `type` at `src` into `dst`; `count` is a multiple of the block.
    public static func expand(
        _ src: UnsafeRawPointer, type: GGMLType, count: Int, into dst: UnsafeMutablePointer<Float>
    ) throws(ModelError) {
        guard type.isDequantizable else { throw .gguf("tensors of type \(type.name) are not read yet") }
        guard count % type.blockSize == 0 else { throw .gguf("\(count) values are not whole \(type.name) blocks") }
        expandChecked(src, type: type, count: count, into: dst)
    }

    /// `expand` for a type and count already checked (a matrix's rows, checked at load).
    @inline(__always)
    static func expandChecked(
        _ src: UnsafeRawPointer, type: GGMLType, count: Int, into dst: UnsafeMutablePointer<Float>
    ) {
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
        case .q40: BlockQ4_0.expand(src, count: count, into: dst)
        case .q41: BlockQ4_1.expand(src, count: count, into: dst)
        case .q50: BlockQ5_0.expand(src, count: count, into: dst)
        case .q51: BlockQ5_1.expand(src, count: count, into: dst)
        case .q80: BlockQ8_0.expand(src, count: count, into: dst)
        case .iq4NL: BlockIQ4_NL.expand(src, count: count, into: dst)
        case .iq4XS: BlockIQ4_XS.expand(src, count: count, into: dst)
        case .q2K: BlockQ2K.expand(src, count: count, into: dst)
        case .q3K: BlockQ3K.expand(src, count: count, into: dst)
        case .q4K: BlockQ4K.expand(src, count: count, into: dst)
        case .q5K: BlockQ5K.expand(src, count: count, into: dst)
        case .q6K: BlockQ6K.expand(src, count: count, into: dst)
        default: break
        }
    }
}
