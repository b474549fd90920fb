/// Whether a stored matrix can only ever give finite numbers. A block's values are small
/// integers times its float16 scales, so those scales are all that can be NaN or infinite: one
/// NaN in an embedding row used to become "ushushush" or an empty answer with exit 0.
extension QuantizedMatrix {
    /// The first row holding a value (or a block scale) that is not finite, or nil.
    package func firstNonFiniteRow() -> Int? {
        guard packed == nil else { return nil }  // Packed from floats already checked.
        switch type {
        case .f32: return firstRow(UInt32.self, mask: 0x7F80_0000)
        case .f16: return firstRow(UInt16.self, mask: 0x7C00)
        case .bf16: return firstRow(UInt16.self, mask: 0x7F80)
        default:
            let offsets = QuantBlocks.block(type)?.scaleOffsets ?? []
            let blocks = cols / type.blockSize
            for r in 0..<rows {
                let row = base + r * rowBytes
                for b in 0..<blocks {
                    for o in offsets
                    where (row.loadUnaligned(fromByteOffset: b * type.blockBytes + o, as: UInt16.self) & 0x7C00)
                        == 0x7C00
                    {
                        return r
                    }
                }
            }
            return nil
        }
    }

    /// The first row with an element whose exponent bits (`mask`) are all ones: NaN or infinity.
    private func firstRow<T: FixedWidthInteger>(_: T.Type, mask: T) -> Int? {
        for r in 0..<rows {
            let row = base + r * rowBytes
            var bad: T = 0
            for i in 0..<cols {
                let x = row.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self)
                // All ones in the exponent leave `mask` whole; any other value clears a bit.
                bad |= (x & mask) == mask ? 1 : 0
            }
            if bad != 0 { return r }
        }
        return nil
    }
}
