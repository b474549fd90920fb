import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

extension DecoderWeights {
    /// A Hugging Face llama, Qwen 2/3 or Gemma 3 checkpoint (transformers' names, F32/F16/BF16),
    /// its projections packed for the GEMM, the embedding read in place. Q and K keep
    /// transformers' rotate-half order (the config says RoPE turns halves). Gemma's norms hold
    /// w where the block multiplies by 1 + w: the 1 is added here, as llama.cpp's converter does.
    init(safeTensors index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig, tied: Bool)
        throws(ModelError)
    {
        let file = try TensorReader(
            index: index, bytes: bytes, hiddenSize: c.hiddenSize, prefixes: ["model."], probe: "embed_tokens.weight")
        /// A projection, packed for the GEMM (inputs × outputs).
        func matrix(_ name: String, rows: Int, cols: Int) throws(ModelError) -> QuantizedMatrix {
            guard cols % 16 == 0 else { throw file.widthError(name, cols) }
            let raw = try file.floats(name, [rows, cols])
            var t = Matrix(rows: cols, cols: rows)
            t.storage.withUnsafeMutableBufferPointer { tp in
                for o in 0..<rows {
                    for i in 0..<cols { tp[i * rows + o] = raw[o * cols + i] }
                }
            }
            return QuantizedMatrix(packing: t)
        }
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try file.vector(name, count) }
        func norm(_ name: String, _ count: Int) throws(ModelError) -> [Float] {
            let w = try vector(name, count)
            return c.gemma ? w.map { 1 + $0 } : w
        }
        let d = c.hiddenSize
        let kv = c.kvHeads * c.headSize
        let width = c.attentionWidth
        embedding = try file.table("embed_tokens.weight", rows: c.vocabSize, cols: d)
        outputNorm = try norm("norm.weight", d)
        tiedOutput = tied || index.entries["lm_head.weight"] == nil
        output =
            tiedOutput
            ? embedding
            : try TensorReader(index: index, bytes: bytes, hiddenSize: d, prefixes: [], probe: "lm_head.weight")
                .table("lm_head.weight", rows: c.vocabSize, cols: d)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = "layers.\(l)."
            let a = p + "self_attn."
            var layer = Layer(
                attentionNorm: try norm(p + "input_layernorm.weight", d),
                q: try matrix(a + "q_proj.weight", rows: width, cols: d),
                k: try matrix(a + "k_proj.weight", rows: kv, cols: d),
                v: try matrix(a + "v_proj.weight", rows: kv, cols: d),
                o: try matrix(a + "o_proj.weight", rows: d, cols: width),
                ffnNorm: try norm(
                    p + (c.gemma ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight"), d),
                gate: try matrix(p + "mlp.gate_proj.weight", rows: c.intermediateSize, cols: d),
                up: try matrix(p + "mlp.up_proj.weight", rows: c.intermediateSize, cols: d),
                down: try matrix(p + "mlp.down_proj.weight", rows: d, cols: c.intermediateSize))
            if c.architecture == .qwen2 {
                layer.biases = Biases(
                    q: try vector(a + "q_proj.bias", width), k: try vector(a + "k_proj.bias", kv),
                    v: try vector(a + "v_proj.bias", kv))
            }
            if c.architecture.normsQueriesAndKeys {
                layer.queryNorm = try norm(a + "q_norm.weight", c.headSize)
                layer.keyNorm = try norm(a + "k_norm.weight", c.headSize)
            }
            if c.gemma {
                // Gemma's post_attention_layernorm follows attention; pre_feedforward_layernorm is its ffn norm.
                layer.postAttentionNorm = try norm(p + "post_attention_layernorm.weight", d)
                layer.postMLPNorm = try norm(p + "post_feedforward_layernorm.weight", d)
            }
            layers.append(layer)
        }
        self.layers = layers
    }
}
