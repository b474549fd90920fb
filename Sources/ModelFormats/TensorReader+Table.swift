import AttentionCore

/// What a Hugging Face decoder's loader needs of the encoders' tensor reader beyond its own:
/// tensors by name and shape, and tables read a row at a time where they lie in the file.
extension TensorReader {
    package func floats(_ name: String, _ shape: [Int]) throws(ModelError) -> [Float] {
        try floats(try entry(name, shape), name)
    }

    /// A table read a row at a time where it lies in the file (token embeddings, positions).
    package func table(_ name: String, rows: Int, cols: Int) throws(ModelError) -> QuantizedMatrix {
        let e = try entry(name, [rows, cols])
        guard cols % 16 == 0 else { throw widthError(name, cols) }
        let type: GGMLType = e.dtype == .f32 ? .f32 : e.dtype == .f16 ? .f16 : .bf16
        let m = QuantizedMatrix(base: base + e.bytes.lowerBound, type: type, rows: rows, cols: cols)
        if let row = m.firstNonFiniteRow() {
            throw .tensor("tensor '\(prefix + name)' holds a value that is not finite (NaN or infinity) in row \(row)")
        }
        return m
    }

    package func widthError(_ name: String, _ cols: Int) -> ModelError {
        .tensor("tensor '\(prefix + name)' has rows of \(cols), not a multiple of 16 (AttnViz's kernels need one)")
    }
}
