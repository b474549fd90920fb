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
    init(base: UnsafeRawPointer, type: GGMLType, rows: Int, cols: Int) {
        self.base = base
        self.type = type
        self.rows = rows
        self.cols = cols
        self.rowBytes = cols / type.blockSize * type.blockBytes
        self.packed = nil
    }

    /// Float weights given inputs × outputs, packed.
    init(packing inputsByOutputs: Matrix) {
        let p = PackedMatrix(inputsByOutputs, panelWidth: Linear.panelWidth)
        base = QuantizedMatrix.unused
        type = .f32
        rows = p.cols
        cols = p.rows
        rowBytes = p.rows * 4
        packed = p
    }

    /// Never read: a packed matrix's rows come from its panels.
    nonisolated(unsafe) static let unused = UnsafeRawPointer(
        UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64))

    /// Bytes the matrix occupies.
    public var byteCount: Int { rows * rowBytes }

    /// Row `r` as float32 into `dst` (`cols` values).
    @inline(__always)
    func expandRow(_ r: Int, into dst: UnsafeMutablePointer<Float>) {
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
        case .q41:
            for b in 0..<(cols / 32) { QuantizedMatrix.q41Block(src + 20 * b, dst + 32 * b) }
        case .q80:
            for b in 0..<(cols / 32) { QuantizedMatrix.q80Block(src + 34 * b, dst + 32 * b) }
        case .f32:
            dst.update(from: src.assumingMemoryBound(to: Float.self), count: cols)
        case .bf16:
            // A Hugging Face checkpoint's embedding or tied output: the top halves of floats.
            for j in 0..<cols {
                dst[j] = FloatConversion.bfloat(src.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
            }
        default:
            // Types checked at load; the scalar expander handles every one of them.
            try? GGUFDequantize.expand(src, type: type, count: cols, into: dst)
        }
    }

    /// Q4_1, 16 lanes at a time: q·d + m, product then sum (no fused multiply-add), the value
    /// the format defines.
    @inline(__always)
    static func q41Block(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = SIMD16<Float>(repeating: GGUFDequantize.scale(p, 0))
        let m = SIMD16<Float>(repeating: GGUFDequantize.scale(p, 2))
        let q = p.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
        let lo = float(q & 0x0f)
        let hi = float(q &>> 4)
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: lo * d + m, as: SIMD16<Float>.self)
        raw.storeBytes(of: hi * d + m, toByteOffset: 64, as: SIMD16<Float>.self)
    }

    /// Q8_0: 32 signed bytes times one scale.
    @inline(__always)
    static func q80Block(_ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = SIMD16<Float>(repeating: GGUFDequantize.scale(p, 0))
        let a = p.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)
        let b = p.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: float(a) * d, as: SIMD16<Float>.self)
        raw.storeBytes(of: float(b) * d, toByteOffset: 64, as: SIMD16<Float>.self)
    }

    /// Lane by lane, exact; written out so the compiler sees a loop it vectorizes (the generic
    /// SIMD conversions stay calls, a fifth of a generated token's time).
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
