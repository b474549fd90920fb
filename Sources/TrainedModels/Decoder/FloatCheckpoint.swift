import AttentionCore

/// A Hugging Face decoder checkpoint's tensors (F32, F16 or BF16), each found under the prefix a
/// task head adds, checked for shape, converted or packed; what the llama and GPT-2 loaders share.
struct FloatCheckpoint {
    let index: SafeTensorsIndex
    let bytes: ModelBytes
    let base: UnsafeRawPointer
    let prefix: String
    /// What a missing tensor suggests the file is not ("a llama checkpoint").
    let kind: String

    init(_ index: SafeTensorsIndex, _ bytes: ModelBytes, prefix probe: String, _ kind: String) throws(ModelError) {
        guard let base = bytes.buffer.baseAddress else { throw .safetensors("empty file") }
        self.index = index
        self.bytes = bytes
        self.base = base
        let p = String(probe.prefix { $0 != "." }) + "."
        prefix = index.entries[probe] != nil ? p : ""
        self.kind = kind
    }

    func has(_ name: String) -> Bool { index.entries[prefix + name] != nil }

    func entry(_ name: String, _ shape: [Int]) throws(ModelError) -> TensorEntry {
        guard let e = index.entries[prefix + name] else {
            throw .tensor("missing tensor '\(prefix + name)' (is this \(kind)?)")
        }
        guard e.shape == shape else {
            throw .tensor("tensor '\(prefix + name)' has shape \(e.shape) but config.json implies \(shape)")
        }
        guard e.dtype.isFloatingPoint && e.dtype != .f64 else {
            throw .tensor("tensor '\(prefix + name)' is \(e.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        return e
    }

    /// The tensor as floats; its pages in the file are given back.
    func floats(_ name: String, _ shape: [Int]) throws(ModelError) -> [Float] {
        let e = try entry(name, shape)
        var out = [Float](repeating: 0, count: e.elementCount)
        out.withUnsafeMutableBufferPointer { p in
            FloatConversion.convert(
                base + e.bytes.lowerBound, dtype: e.dtype, count: e.elementCount, into: p.baseAddress!)
        }
        bytes.discard(e.bytes)
        guard out.allSatisfy(\.isFinite) else {
            throw .tensor("tensor '\(prefix + name)' holds a value that is not finite")
        }
        return out
    }

    func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try floats(name, [count]) }

    /// A table read a row at a time where it lies in the file (token embeddings, positions).
    func table(_ name: String, rows: Int, cols: Int) throws(ModelError) -> QuantizedMatrix {
        let e = try entry(name, [rows, cols])
        guard cols % 16 == 0 else { throw widthError(name, cols) }
        let type: GGMLType = e.dtype == .f32 ? .f32 : e.dtype == .f16 ? .f16 : .bf16
        return QuantizedMatrix(base: base + e.bytes.lowerBound, type: type, rows: rows, cols: cols)
    }

    func widthError(_ name: String, _ cols: Int) -> ModelError {
        .tensor("tensor '\(prefix + name)' has rows of \(cols), not a multiple of 16 (AttnViz's kernels need one)")
    }
}
