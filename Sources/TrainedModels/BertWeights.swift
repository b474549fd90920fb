import AttentionCore

/// y = x·W + b with W (in × out, the transpose of PyTorch's Linear) packed once into the GEMM's
/// panels: a forward over a few tokens is bound by streaming the weights, and packed panels
/// stream front to back (measured: the n = 16 forward went from 6.8 to about 3 ms).
struct Linear: Sendable {
    var w: PackedMatrix
    var b: [Float]
    static let panelWidth = 32
}

struct LayerNormWeights: Sendable {
    var gamma: [Float]
    var beta: [Float]
}

struct LayerWeights: Sendable {
    /// W_q | W_k | W_v side by side (in × 3·hidden): one product instead of three.
    var qkv: Linear
    var attentionOutput: Linear
    var attentionNorm: LayerNormWeights
    var intermediate: Linear, output: Linear
    var outputNorm: LayerNormWeights
}

/// The word-embedding table read in place from the mapping: only the rows a text uses are
/// converted, so the largest tensor is never copied, whatever its dtype.
struct EmbeddingTable: @unchecked Sendable {
    let base: UnsafeRawPointer
    let dtype: TensorDType
    let rows: Int
    let cols: Int

    func addRow(_ r: Int, into dst: UnsafeMutablePointer<Float>) {
        let tmp = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { tmp.deallocate() }
        FloatConversion.convert(base + r * cols * dtype.byteSize, dtype: dtype, count: cols, into: tmp)
        for c in 0..<cols { dst[c] += tmp[c] }
    }
}

/// Every tensor a BERT encoder needs, found by name (with or without the `bert.` prefix), checked
/// against the shapes config.json implies, and converted to Float.
struct BertWeights: Sendable {
    var words: EmbeddingTable
    var positions: Matrix
    var tokenTypes: Matrix
    var embeddingNorm: LayerNormWeights
    var layers: [LayerWeights]

    init(index: SafeTensorsIndex, bytes: ModelBytes, config c: BertConfig) throws(ModelError) {
        let prefix = index.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        guard let base = bytes.buffer.baseAddress else { throw .safetensors("empty file") }
        func entry(_ name: String, _ shape: [Int]) throws(ModelError) -> TensorEntry {
            guard let e = index.entries[prefix + name] else {
                throw .tensor("missing tensor '\(prefix + name)' (is this a BERT checkpoint?)")
            }
            guard e.dtype.isFloatingPoint else {
                throw .tensor("tensor '\(prefix + name)' is \(e.dtype.rawValue); weights must be F32, F16 or BF16")
            }
            guard e.shape == shape else {
                throw .tensor("tensor '\(prefix + name)' has shape \(e.shape) but config.json implies \(shape)")
            }
            return e
        }
        /// The tensor as Floats; its bytes in the file are not needed after this.
        func floats(_ e: TensorEntry) -> [Float] {
            let out = [Float](unsafeUninitializedCapacity: e.elementCount) { buf, n in
                if let d = buf.baseAddress {
                    FloatConversion.convert(base + e.bytes.lowerBound, dtype: e.dtype, count: e.elementCount, into: d)
                }
                n = e.elementCount
            }
            bytes.discard(e.bytes)
            return out
        }
        /// A vector, accepting the old TensorFlow names gamma/beta for LayerNorm.
        func vector(_ name: String, _ size: Int, alternative: String? = nil) throws(ModelError) -> [Float] {
            if let alt = alternative, index.entries[prefix + name] == nil, index.entries[prefix + alt] != nil {
                return floats(try entry(alt, [size]))
            }
            return floats(try entry(name, [size]))
        }
        func matrix(_ name: String, rows: Int, cols: Int) throws(ModelError) -> Matrix {
            Matrix(rows: rows, cols: cols, storage: floats(try entry(name, [rows, cols])))
        }
        /// PyTorch's out × in weights, transposed and set side by side (in × Σ out), then packed.
        func linear(_ names: [String], inputs: Int, outputs: Int) throws(ModelError) -> Linear {
            let total = outputs * names.count
            var t = [Float](repeating: 0, count: inputs * total)
            var bias: [Float] = []
            for (part, name) in names.enumerated() {
                let raw = floats(try entry(name + ".weight", [outputs, inputs]))
                raw.withUnsafeBufferPointer { src in
                    t.withUnsafeMutableBufferPointer { dst in
                        for o in 0..<outputs {
                            for i in 0..<inputs { dst[i * total + part * outputs + o] = src[o * inputs + i] }
                        }
                    }
                }
                bias += try vector(name + ".bias", outputs)
            }
            return Linear(
                w: PackedMatrix(Matrix(rows: inputs, cols: total, storage: t), panelWidth: Linear.panelWidth), b: bias)
        }
        func norm(_ name: String) throws(ModelError) -> LayerNormWeights {
            LayerNormWeights(
                gamma: try vector(name + ".weight", c.hiddenSize, alternative: name + ".gamma"),
                beta: try vector(name + ".bias", c.hiddenSize, alternative: name + ".beta"))
        }
        let h = c.hiddenSize
        let w = try entry("embeddings.word_embeddings.weight", [c.vocabSize, h])
        words = EmbeddingTable(base: base + w.bytes.lowerBound, dtype: w.dtype, rows: c.vocabSize, cols: h)
        positions = try matrix("embeddings.position_embeddings.weight", rows: c.maxPositions, cols: h)
        tokenTypes = try matrix("embeddings.token_type_embeddings.weight", rows: c.typeVocabSize, cols: h)
        embeddingNorm = try norm("embeddings.LayerNorm")
        var layers: [LayerWeights] = []
        for l in 0..<c.layers {
            let p = "encoder.layer.\(l)."
            layers.append(
                LayerWeights(
                    qkv: try linear(
                        [p + "attention.self.query", p + "attention.self.key", p + "attention.self.value"], inputs: h,
                        outputs: h),
                    attentionOutput: try linear([p + "attention.output.dense"], inputs: h, outputs: h),
                    attentionNorm: try norm(p + "attention.output.LayerNorm"),
                    intermediate: try linear([p + "intermediate.dense"], inputs: h, outputs: c.intermediateSize),
                    output: try linear([p + "output.dense"], inputs: c.intermediateSize, outputs: h),
                    outputNorm: try norm(p + "output.LayerNorm")))
        }
        self.layers = layers
    }
}
