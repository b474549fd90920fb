import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

extension DecoderWeights {
    /// A Hugging Face llama, Qwen 2/3, Gemma 3 or Phi-3 checkpoint (transformers' names,
    /// F32/F16/BF16), its projections packed for the GEMM, the embedding read in place. Q and K keep
    /// transformers' rotate-half order (the config says RoPE turns halves). Gemma's norms hold
    /// w where the block multiplies by 1 + w: the 1 is added here, as llama.cpp's converter does.
    init(safeTensors index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig, tied: Bool)
        throws(ModelError)
    {
        let t = HFTensors(
            file: try TensorReader(
                index: index, bytes: bytes, hiddenSize: c.hiddenSize, prefixes: ["model."],
                probe: "embed_tokens.weight"), config: c)
        let d = c.hiddenSize
        embedding = try t.file.table("embed_tokens.weight", rows: c.vocabSize, cols: d)
        outputNorm = try t.norm("norm.weight", d)
        tiedOutput = tied || index.entries["lm_head.weight"] == nil
        output =
            tiedOutput
            ? embedding
            : try TensorReader(index: index, bytes: bytes, hiddenSize: d, prefixes: [], probe: "lm_head.weight")
                .table("lm_head.weight", rows: c.vocabSize, cols: d)
        var layers: [Layer] = []
        for l in 0..<c.layers { layers.append(try t.layer(l)) }
        self.layers = layers
    }
}

/// A Hugging Face checkpoint's decoder tensors by transformers' names.
struct HFTensors {
    let file: TensorReader
    let config: DecoderConfig

    /// Rows `part` of a projection read as floats, packed for the GEMM (inputs × outputs).
    func pack(_ raw: [Float], cols: Int, part: Range<Int>) -> QuantizedMatrix {
        let rows = part.count
        var t = Matrix(rows: cols, cols: rows)
        t.storage.withUnsafeMutableBufferPointer { tp in
            for o in 0..<rows {
                let s = (part.lowerBound + o) * cols
                for i in 0..<cols { tp[i * rows + o] = raw[s + i] }
            }
        }
        return QuantizedMatrix(packing: t)
    }

    /// A projection as floats. Its bytes are let go once read: a fused matrix is read once.
    func floats(_ name: String, rows: Int, cols: Int) throws(ModelError) -> [Float] {
        guard cols % 16 == 0 else { throw file.widthError(name, cols) }
        return try file.floats(name, [rows, cols])
    }

    func matrix(_ name: String, rows: Int, cols: Int) throws(ModelError) -> QuantizedMatrix {
        pack(try floats(name, rows: rows, cols: cols), cols: cols, part: 0..<rows)
    }

    func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try file.vector(name, count) }

    /// A norm's weights; Gemma's as 1 + w.
    func norm(_ name: String, _ count: Int) throws(ModelError) -> [Float] {
        let w = try vector(name, count)
        return config.gemma ? w.map { 1 + $0 } : w
    }

    /// Block `l`. Phi-3 fuses q, k and v (qkv_proj, rows in that order) and gate and up
    /// (gate_up_proj). Gemma 2's and 3's post_attention_layernorm follows attention and their
    /// pre_feedforward_layernorm is the MLP's input norm; llama's (and Gemma 1's)
    /// post_attention_layernorm is that.
    func layer(_ l: Int) throws(ModelError) -> DecoderWeights.Layer {
        let c = config
        let (d, kv, width, ffn) = (c.hiddenSize, c.kvHeads * c.headSize, c.attentionWidth, c.intermediateSize)
        let p = "layers.\(l)."
        let a = p + "self_attn."
        let qkvRows = width + 2 * kv
        let phi = c.architecture == .phi3
        let qkv = phi ? try floats(a + "qkv_proj.weight", rows: qkvRows, cols: d) : nil
        let gateUp = phi ? try floats(p + "mlp.gate_up_proj.weight", rows: 2 * ffn, cols: d) : nil
        /// Rows `range` of a fused matrix, or the tensor of its own.
        func part(_ fused: [Float]?, _ range: Range<Int>, else name: String) throws(ModelError) -> QuantizedMatrix {
            if let fused { return pack(fused, cols: d, part: range) }
            return try matrix(name, rows: range.count, cols: d)
        }
        var layer = DecoderWeights.Layer(
            attentionNorm: try norm(p + "input_layernorm.weight", d),
            q: try part(qkv, 0..<width, else: a + "q_proj.weight"),
            k: try part(qkv, width..<(width + kv), else: a + "k_proj.weight"),
            v: try part(qkv, (width + kv)..<qkvRows, else: a + "v_proj.weight"),
            o: try matrix(a + "o_proj.weight", rows: d, cols: width),
            ffnNorm: try norm(
                p
                    + (c.architecture.normsSublayerOutputs
                        ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight"),
                d),
            gate: try part(gateUp, 0..<ffn, else: p + "mlp.gate_proj.weight"),
            up: try part(gateUp, ffn..<(2 * ffn), else: p + "mlp.up_proj.weight"),
            down: try matrix(p + "mlp.down_proj.weight", rows: d, cols: ffn))
        try layer.addFamilyTensors(c, .huggingFace(p), bias: vector, norm: norm)
        return layer
    }
}
