import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

extension DecoderWeights {
    /// A Hugging Face llama checkpoint (transformers' names, F32/F16/BF16), its projections
    /// packed for the GEMM, the embedding read in place. Q and K rows are reordered once from
    /// transformers' rotate-half layout to the adjacent pairs the block's RoPE rotates (llama.cpp's converter does the same): a query and
    /// a key are permuted alike, so every score and attention weight is unchanged.
    init(safeTensors index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig, tied: Bool)
        throws(ModelError)
    {
        let file = try TensorReader(
            index: index, bytes: bytes, hiddenSize: c.hiddenSize, prefixes: ["model."], probe: "embed_tokens.weight")
        /// A projection, packed for the GEMM. Output o reads the checkpoint's row source(o):
        /// with RoPE, head h's adjacent pair (2i, 2i+1) is transformers' (i, i + size/2).
        func matrix(_ name: String, rows: Int, cols: Int, ropeHeads: Int = 0) throws(ModelError) -> QuantizedMatrix {
            guard cols % 16 == 0 else { throw file.widthError(name, cols) }
            let raw = try file.floats(name, [rows, cols])
            let size = ropeHeads > 0 ? rows / ropeHeads : 1
            func source(_ o: Int) -> Int {
                guard ropeHeads > 0 else { return o }
                let (h, r) = (o / size, o % size)
                return h * size + (r % 2) * (size / 2) + r / 2
            }
            var t = Matrix(rows: cols, cols: rows)
            t.storage.withUnsafeMutableBufferPointer { tp in
                for o in 0..<rows {
                    let s = source(o) * cols
                    for i in 0..<cols { tp[i * rows + o] = raw[s + i] }
                }
            }
            return QuantizedMatrix(packing: t)
        }
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try file.vector(name, count) }
        let d = c.hiddenSize
        let kv = c.kvHeads * c.headSize
        embedding = try file.table("embed_tokens.weight", rows: c.vocabSize, cols: d)
        outputNorm = try vector("norm.weight", d)
        tiedOutput = tied || index.entries["lm_head.weight"] == nil
        output =
            tiedOutput
            ? embedding
            : try TensorReader(index: index, bytes: bytes, hiddenSize: d, prefixes: [], probe: "lm_head.weight")
                .table("lm_head.weight", rows: c.vocabSize, cols: d)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = "layers.\(l)."
            layers.append(
                Layer(
                    attentionNorm: try vector(p + "input_layernorm.weight", d),
                    q: try matrix(p + "self_attn.q_proj.weight", rows: d, cols: d, ropeHeads: c.heads),
                    k: try matrix(p + "self_attn.k_proj.weight", rows: kv, cols: d, ropeHeads: c.kvHeads),
                    v: try matrix(p + "self_attn.v_proj.weight", rows: kv, cols: d),
                    o: try matrix(p + "self_attn.o_proj.weight", rows: d, cols: d),
                    ffnNorm: try vector(p + "post_attention_layernorm.weight", d),
                    gate: try matrix(p + "mlp.gate_proj.weight", rows: c.intermediateSize, cols: d),
                    up: try matrix(p + "mlp.up_proj.weight", rows: c.intermediateSize, cols: d),
                    down: try matrix(p + "mlp.down_proj.weight", rows: d, cols: c.intermediateSize)))
        }
        self.layers = layers
    }
}
