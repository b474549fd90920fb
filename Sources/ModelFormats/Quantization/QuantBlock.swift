/// One GGUF block format, as llama.cpp's `block_q4_K` structs and candle's `BlockQ4K` are: its
/// byte size, where its fields are, and how it expands to float32, exactly as the format (and
/// `gguf.quants.dequantize`) defines each value: float32 arithmetic, product then sum, no fused
/// multiply-add. A test checks `bytes` and `values` against `GGMLType`.
protocol QuantBlock {
    static var type: GGMLType { get }
    /// Bytes one block occupies.
    static var bytes: Int { get }
    /// Values one block holds.
    static var values: Int { get }
    /// Byte offsets of the block's float16 scales (what can be NaN or infinite).
    static var scaleOffsets: [Int] { get }
    /// The block at `p` into `values` floats at `out`.
    static func expand(_ p: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>)
}

extension QuantBlock {
    /// `count` values (whole blocks) from `src` into `dst`.
    @inline(__always)
    static func expand(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<(count / values) { expand(src + bytes &* b, into: dst + values &* b) }
    }

    /// A float16 field of the block, exactly (every float16 is a float32).
    ///
    /// Converted from a zeroed vector: a lone Float16 made LLVM insert it into the register that
    /// held the last block's scale (vpinsrw), a dependency chain from block to block that cost
    /// the AVX2 build a third of its expansion speed.
    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        #if arch(x86_64) || arch(arm64)
            let bits = SIMD4<UInt32>(UInt32(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)), 0, 0, 0)
            return Float(unsafeBitCast(bits, to: SIMD8<Float16>.self)[0])
        #else
            FloatConversion.half(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        #endif
    }

    /// Two adjacent float16 fields (a scale and a minimum), from one load.
    @inline(__always)
    static func halves(_ p: UnsafeRawPointer, _ offset: Int) -> (Float, Float) {
        #if arch(x86_64) || arch(arm64)
            let h = unsafeBitCast(
                SIMD4<UInt32>(p.loadUnaligned(fromByteOffset: offset, as: UInt32.self), 0, 0, 0),
                to: SIMD8<Float16>.self)
            return (Float(h[0]), Float(h[1]))
        #else
            (half(p, offset), half(p, offset + 2))
        #endif
    }
}

/// What every block format AttnViz reads says of itself, by its GGML type.
package enum QuantBlocks {
    package struct Layout: Sendable {
        package let type: GGMLType
        package let bytes: Int
        package let values: Int
        /// Where a block's float16 scales sit (d first, then dmin or m where the format has one).
        package let scaleOffsets: [Int]
    }

    static func layout<B: QuantBlock>(_: B.Type) -> Layout {
        Layout(type: B.type, bytes: B.bytes, values: B.values, scaleOffsets: B.scaleOffsets)
    }

    package static let all: [Layout] = [
        layout(BlockQ4_0.self), layout(BlockQ4_1.self), layout(BlockQ5_0.self), layout(BlockQ5_1.self),
        layout(BlockQ8_0.self), layout(BlockQ2K.self), layout(BlockQ3K.self), layout(BlockQ4K.self),
        layout(BlockQ5K.self), layout(BlockQ6K.self), layout(BlockIQ4_NL.self), layout(BlockIQ4_XS.self),
    ]

    package static func block(_ type: GGMLType) -> Layout? { all.first { $0.type == type } }
}
