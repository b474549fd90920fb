/// Whether a stored matrix can only ever give finite numbers. A block's values are small
/// integers times its float16 scales, so those scales are all that can be NaN or infinite: one
/// NaN in an embedding row used to become "ushushush" or an empty answer with exit 0.
extension QuantizedMatrix {
    /// The first row holding a value (or a block scale) that is not finite, or nil.
    package func firstNonFiniteRow() -> Int? {
        guard packed == nil else { return nil }  // Packed from floats already checked.
        switch type {
        case .f32:
            return firstRow { p, i in
                (p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self) & 0x7F80_0000) == 0x7F80_0000
            }
        case .f16:
            return firstRow { p, i in (p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self) & 0x7C00) == 0x7C00 }
        case .bf16:
            return firstRow { p, i in (p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self) & 0x7F80) == 0x7F80 }
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

    /// The first row with an element `bad` says is not finite (all-ones exponent bits).
    private func firstRow(_ bad: (UnsafeRawPointer, Int) -> Bool) -> Int? {
        for r in 0..<rows {
            let row = base + r * rowBytes
            var any = false
            for i in 0..<cols { any = any || bad(row, i) }
            if any { return r }
        }
        return nil
    }
}
