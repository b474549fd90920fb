import AttentionCore

/// A weight matrix kept as the file stores it (Q4_1, Q8_0, F32 …): `rows` output features of
/// `cols` inputs each, one row after another. Rows are expanded to float32 only inside the
/// kernel, a few at a time, at exactly the values `GGUFDequantize` gives.
public struct QuantizedMatrix: @unchecked Sendable {
    let base: UnsafeRawPointer
    public let type: GGMLType
    public let rows: Int
    public let cols: Int
    let rowBytes: Int
    /// A float checkpoint's weights (a Hugging Face folder's), packed once for the GEMM the
    /// encoders use (inputs × outputs): a long prompt runs at the GEMM's speed, not a dot
    /// product's. `base` is then unused.
    let packed: PackedMatrix?

    /// `base` must stay valid as long as the matrix is used (the model keeps its bytes).
    package init(base: UnsafeRawPointer, type: GGMLType, rows: Int, cols: Int) {
        self.base = base
        self.type = type
        self.rows = rows
        self.cols = cols
        self.rowBytes = cols / type.blockSize * type.blockBytes
        self.packed = nil
    }

    /// Float weights given inputs × outputs, packed.
    package init(packing inputsByOutputs: Matrix) {
        let p = PackedMatrix(inputsByOutputs, panelWidth: Linear.panelWidth)
        base = QuantizedMatrix.unused
        type = .f32
        rows = p.cols
        cols = p.rows
        rowBytes = p.rows * 4
        packed = p
    }

    /// Never read: a packed matrix's rows come from its panels.
    package nonisolated(unsafe) static let unused = UnsafeRawPointer(
        UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64))

    /// Rows `range` of a matrix read in place (Phi-3's fused q/k/v and gate/up): the same bytes,
    /// fewer rows. Not for a packed matrix.
    package func rows(_ range: Range<Int>) -> QuantizedMatrix {
        precondition(packed == nil && range.lowerBound >= 0 && range.upperBound <= rows)
        return QuantizedMatrix(base: base + range.lowerBound * rowBytes, type: type, rows: range.count, cols: cols)
    }

    /// Bytes the matrix occupies.
    public var byteCount: Int { rows * rowBytes }

    /// Row `r` as float32 into `dst` (`cols` values).
    @inline(__always)
    package func expandRow(_ r: Int, into dst: UnsafeMutablePointer<Float>) {
        if let p = packed {
            // Output r is column r of the inputs × outputs panels.
            let panel = (r / p.nr) * p.rows
            let lane = r % p.nr
            p.panels.withUnsafeBufferPointer { s in
                for k in 0..<cols { dst[k] = s[(panel + k) * p.nr + lane] }
            }
            return
        }
        let src = base + r * rowBytes
        switch type {
        case .bf16:
            // A Hugging Face checkpoint's embedding or tied output: the top halves of floats.
            for j in 0..<cols {
                dst[j] = FloatConversion.bfloat(src.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
            }
        case .f32: dst.update(from: src.assumingMemoryBound(to: Float.self), count: cols)
        default:
            // Types and widths checked at load.
            GGUFDequantize.expandChecked(src, type: type, count: cols, into: dst)
        }
    }
}
