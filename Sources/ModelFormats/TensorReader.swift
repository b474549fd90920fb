import AttentionCore

/// Reads a Hugging Face checkpoint's tensors (an encoder's, or a GPT-2 or llama decoder's) from
/// its safetensors bytes: each checked by name, dtype and the shape config.json implies,
/// converted to Float, its bytes in the file released after.
package struct TensorReader {
    let index: SafeTensorsIndex
    let bytes: ModelBytes
    package let base: UnsafeRawPointer
    /// "bert.", "model." … when the checkpoint names its tensors under a task head's model.
    package let prefix: String
    let hiddenSize: Int

    /// `prefixes`: the names a task head puts the encoder under ("bert.", "roberta." …); the
    /// first one under which `probe` exists is used, else none.
    package init(
        index: SafeTensorsIndex, bytes: ModelBytes, hiddenSize: Int, prefixes: [String] = ["bert."], probe: String
    )
        throws(ModelError)
    {
        guard let base = bytes.buffer.baseAddress else { throw .safetensors("empty file") }
        self.index = index
        self.bytes = bytes
        self.base = base
        self.prefix = prefixes.first { index.entries[$0 + probe] != nil } ?? ""
        self.hiddenSize = hiddenSize
    }

    package func entry(_ name: String, _ shape: [Int]) throws(ModelError) -> TensorEntry {
        guard let e = index.entries[prefix + name] else {
            throw .tensor("missing tensor '\(prefix + name)' (does config.json name the right model_type?)")
        }
        guard e.dtype.isFloatingPoint else {
            throw .tensor("tensor '\(prefix + name)' is \(e.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        guard e.shape == shape else {
            throw .tensor("tensor '\(prefix + name)' has shape \(e.shape) but config.json implies \(shape)")
        }
        return e
    }

    /// The tensor as Floats; its bytes in the file are not needed after this. A NaN or an
    /// infinity is refused here: drawn it would read "nan", and dumped it would be JSON's null.
    func floats(_ e: TensorEntry, _ name: String) throws(ModelError) -> [Float] {
        let out = [Float](unsafeUninitializedCapacity: e.elementCount) { buf, n in
            if let d = buf.baseAddress {
                FloatConversion.convert(base + e.bytes.lowerBound, dtype: e.dtype, count: e.elementCount, into: d)
            }
            n = e.elementCount
        }
        bytes.discard(e.bytes)
        try out.withUnsafeBufferPointer { (p) throws(ModelError) in try checkFinite(p, name) }
        return out
    }

    /// Refuses a tensor holding a NaN or an infinity, naming it.
    func checkFinite(_ values: UnsafeBufferPointer<Float>, _ name: String) throws(ModelError) {
        guard values.allSatisfy(\.isFinite) else {
            throw .tensor("tensor '\(prefix + name)' holds NaN or infinite values; the checkpoint is damaged")
        }
    }

    /// A vector, accepting the old TensorFlow names gamma/beta for LayerNorm.
    package func vector(_ name: String, _ size: Int, alternative: String? = nil) throws(ModelError) -> [Float] {
        if let alt = alternative, index.entries[prefix + name] == nil, index.entries[prefix + alt] != nil {
            return try floats(try entry(alt, [size]), alt)
        }
        return try floats(try entry(name, [size]), name)
    }

    package func matrix(_ name: String, rows: Int, cols: Int) throws(ModelError) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: try floats(try entry(name, [rows, cols]), name))
    }

    /// PyTorch's out × in weights, set side by side as the columns of one in × Σ out matrix and
    /// packed straight from their rows (each output's row is a column of the product's B). An
    /// aligned F32 tensor is packed from the file's bytes themselves, with no Float copy between.
    package func linear(_ names: [String], inputs: Int, outputs: Int) throws(ModelError) -> Linear {
        var direct: [UnsafePointer<Float>?] = []
        var converted: [[Float]] = []
        var entries: [TensorEntry] = []
        var bias: [Float] = []
        for name in names {
            let e = try entry(name + ".weight", [outputs, inputs])
            let p = try inPlace(e, name + ".weight")
            direct.append(p)
            converted.append(p == nil ? try floats(e, name + ".weight") : [])
            entries.append(e)
            bias += try vector(name + ".bias", outputs)
        }
        let packed = withPointers(converted) { copies in
            PackedMatrix(rows: inputs, cols: outputs * names.count, panelWidth: Linear.panelWidth) { j in
                (direct[j / outputs] ?? copies[j / outputs]!) + (j % outputs) * inputs
            }
        }
        for e in entries { bytes.discard(e.bytes) }
        return Linear(w: packed, b: bias)
    }

    /// An F32 tensor's floats where they lie in the file, when they are aligned; nil when they
    /// need converting or moving. Checked finite as `floats` checks them.
    func inPlace(_ e: TensorEntry, _ name: String) throws(ModelError) -> UnsafePointer<Float>? {
        let raw = base + e.bytes.lowerBound
        guard e.dtype == .f32, Int(bitPattern: raw) % MemoryLayout<Float>.alignment == 0 else { return nil }
        let p = raw.assumingMemoryBound(to: Float.self)
        try checkFinite(UnsafeBufferPointer(start: p, count: e.elementCount), name)
        return p
    }

    package func norm(_ name: String, size: Int? = nil) throws(ModelError) -> LayerNormWeights {
        LayerNormWeights(
            gamma: try vector(name + ".weight", size ?? hiddenSize, alternative: name + ".gamma"),
            beta: try vector(name + ".bias", size ?? hiddenSize, alternative: name + ".beta"))
    }
}

/// Calls `body` with each array's base address (nil for an empty one), all valid at once.
package func withPointers<R>(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>?]) -> R) -> R {
    func nest(_ i: Int, _ got: [UnsafePointer<Float>?]) -> R {
        guard i < arrays.count else { return body(got) }
        return arrays[i].withUnsafeBufferPointer { nest(i + 1, got + [$0.isEmpty ? nil : $0.baseAddress]) }
    }
    return nest(0, [])
}
