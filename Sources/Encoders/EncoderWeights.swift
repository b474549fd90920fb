import AttentionCore
import ModelFormats
import Tokenizers

package struct LayerWeights: Sendable {
    /// W_q | W_k | W_v side by side (in × 3·hidden): one product instead of three.
    var qkv: Linear
    var attentionOutput: Linear
    var attentionNorm: LayerNormWeights
    var intermediate: Linear, output: Linear
    var outputNorm: LayerNormWeights
}

/// The word-embedding table read in place from the mapping: only the rows a text uses are
/// converted, so the largest tensor is never copied, whatever its dtype.
package struct EmbeddingTable: @unchecked Sendable {
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

/// Every tensor an encoder needs, found by its family's names (with or without the prefix a task
/// head adds), checked against the shapes config.json implies, and converted to Float.
package struct EncoderWeights: Sendable {
    var words: EmbeddingTable
    var positions: Matrix
    /// nil for families without token types (DistilBERT, MPNet).
    var tokenTypes: Matrix?
    var embeddingNorm: LayerNormWeights
    /// ELECTRA's embedding → hidden projection, when the two widths differ.
    var embeddingProjection: Linear?
    /// MPNet's relative-position bias, buckets × heads.
    var relativeBias: Matrix?
    var layers: [LayerWeights]

    init(index: SafeTensorsIndex, bytes: ModelBytes, config c: EncoderConfig) throws(ModelError) {
        let names = EncoderTensorNames(c.family)
        let reader = try TensorReader(
            index: index, bytes: bytes, hiddenSize: c.hiddenSize, prefixes: names.prefixes,
            probe: "embeddings.word_embeddings.weight")
        let h = c.hiddenSize
        let e = c.embeddingSize
        let w = try reader.entry("embeddings.word_embeddings.weight", [c.vocabSize, e])
        words = EmbeddingTable(base: reader.base + w.bytes.lowerBound, dtype: w.dtype, rows: c.vocabSize, cols: e)
        // Read a row at a time where it lies, so checked here: the other tensors are checked as they are read.
        let stored: GGMLType = w.dtype == .f32 ? .f32 : w.dtype == .f16 ? .f16 : .bf16
        if let row = QuantizedMatrix(base: words.base, type: stored, rows: c.vocabSize, cols: e).firstNonFiniteRow() {
            throw .tensor(
                "tensor '\(reader.prefix)embeddings.word_embeddings.weight' holds a value that is not finite "
                    + "(NaN or infinity) in row \(row)")
        }
        positions = try reader.matrix("embeddings.position_embeddings.weight", rows: c.maxPositions, cols: e)
        tokenTypes =
            c.typeVocabSize > 0
            ? try reader.matrix("embeddings.token_type_embeddings.weight", rows: c.typeVocabSize, cols: e) : nil
        embeddingNorm = try reader.norm("embeddings.LayerNorm", size: e)
        embeddingProjection = e != h ? try reader.linear(["embeddings_project"], inputs: e, outputs: h) : nil
        relativeBias =
            c.relativeBuckets > 0
            ? try reader.matrix("encoder.relative_attention_bias.weight", rows: c.relativeBuckets, cols: c.heads) : nil
        var layers: [LayerWeights] = []
        for l in 0..<c.layers {
            let n = names.layer(l)
            layers.append(
                LayerWeights(
                    qkv: try reader.linear([n.query, n.key, n.value], inputs: h, outputs: h),
                    attentionOutput: try reader.linear([n.attentionOutput], inputs: h, outputs: h),
                    attentionNorm: try reader.norm(n.attentionNorm),
                    intermediate: try reader.linear([n.intermediate], inputs: h, outputs: c.intermediateSize),
                    output: try reader.linear([n.output], inputs: c.intermediateSize, outputs: h),
                    outputNorm: try reader.norm(n.outputNorm)))
        }
        self.layers = layers
    }
}

/// Where each family keeps a layer's tensors: a new encoder family is a name map, not a forward.
package struct EncoderTensorNames {
    let family: EncoderFamily

    init(_ family: EncoderFamily) { self.family = family }

    var prefixes: [String] {
        switch family {
        case .bert: return ["bert."]
        case .roberta: return ["roberta.", "xlm_roberta.", "camembert."]
        case .electra: return ["electra."]
        case .distilbert: return ["distilbert."]
        case .mpnet: return ["mpnet."]
        }
    }

    struct Layer {
        var query, key, value, attentionOutput, attentionNorm, intermediate, output, outputNorm: String
    }

    func layer(_ l: Int) -> Layer {
        switch family {
        case .distilbert:
            let p = "transformer.layer.\(l)."
            return Layer(
                query: p + "attention.q_lin", key: p + "attention.k_lin", value: p + "attention.v_lin",
                attentionOutput: p + "attention.out_lin", attentionNorm: p + "sa_layer_norm",
                intermediate: p + "ffn.lin1", output: p + "ffn.lin2", outputNorm: p + "output_layer_norm")
        case .mpnet:
            let p = "encoder.layer.\(l)."
            return Layer(
                query: p + "attention.attn.q", key: p + "attention.attn.k", value: p + "attention.attn.v",
                attentionOutput: p + "attention.attn.o", attentionNorm: p + "attention.LayerNorm",
                intermediate: p + "intermediate.dense", output: p + "output.dense", outputNorm: p + "output.LayerNorm")
        case .bert, .roberta, .electra:
            let p = "encoder.layer.\(l)."
            return Layer(
                query: p + "attention.self.query", key: p + "attention.self.key", value: p + "attention.self.value",
                attentionOutput: p + "attention.output.dense", attentionNorm: p + "attention.output.LayerNorm",
                intermediate: p + "intermediate.dense", output: p + "output.dense", outputNorm: p + "output.LayerNorm")
        }
    }
}
