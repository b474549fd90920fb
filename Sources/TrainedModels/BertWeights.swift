import AttentionCore

/// y = x·W + b with W (in × out, the transpose of PyTorch's Linear) packed once into the GEMM's
/// panels: a forward over a few tokens is bound by streaming the weights, and packed panels
/// stream front to back (bench/README.md, "Why the code is as it is").
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
        let reader = try BertTensorReader(index: index, bytes: bytes, hiddenSize: c.hiddenSize)
        let h = c.hiddenSize
        let w = try reader.entry("embeddings.word_embeddings.weight", [c.vocabSize, h])
        words = EmbeddingTable(base: reader.base + w.bytes.lowerBound, dtype: w.dtype, rows: c.vocabSize, cols: h)
        positions = try reader.matrix("embeddings.position_embeddings.weight", rows: c.maxPositions, cols: h)
        tokenTypes = try reader.matrix("embeddings.token_type_embeddings.weight", rows: c.typeVocabSize, cols: h)
        embeddingNorm = try reader.norm("embeddings.LayerNorm")
        var layers: [LayerWeights] = []
        for l in 0..<c.layers {
            let p = "encoder.layer.\(l)."
            layers.append(
                LayerWeights(
                    qkv: try reader.linear(
                        [p + "attention.self.query", p + "attention.self.key", p + "attention.self.value"], inputs: h,
                        outputs: h),
                    attentionOutput: try reader.linear([p + "attention.output.dense"], inputs: h, outputs: h),
                    attentionNorm: try reader.norm(p + "attention.output.LayerNorm"),
                    intermediate: try reader.linear([p + "intermediate.dense"], inputs: h, outputs: c.intermediateSize),
                    output: try reader.linear([p + "output.dense"], inputs: c.intermediateSize, outputs: h),
                    outputNorm: try reader.norm(p + "output.LayerNorm")))
        }
        self.layers = layers
    }
}
