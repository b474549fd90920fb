import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

extension DecoderWeights {
    /// A Hugging Face GPT-2 checkpoint. Its Conv1D weights are stored inputs × outputs (the
    /// transpose of a Linear's), c_attn holding Q, K and V side by side: each is transposed once
    /// and packed for the GEMM. The output is the token embedding (tied).
    init(gpt2 index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig)
        throws(ModelError)
    {
        let file = try TensorReader(
            index: index, bytes: bytes, hiddenSize: c.hiddenSize, prefixes: ["transformer."], probe: "wte.weight")
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try file.vector(name, count) }
        /// Columns [from, from + outputs) of an inputs × total Conv1D weight, packed for the GEMM.
        func conv(_ w: [Float], inputs: Int, total: Int, from: Int, outputs: Int) -> QuantizedMatrix {
            var m = Matrix(rows: inputs, cols: outputs)
            m.storage.withUnsafeMutableBufferPointer { mp in
                for i in 0..<inputs { for o in 0..<outputs { mp[i * outputs + o] = w[i * total + from + o] } }
            }
            return QuantizedMatrix(packing: m)
        }
        /// A whole Conv1D weight (read once: its pages in the file are given back after).
        func conv(_ name: String, inputs: Int, outputs: Int) throws(ModelError) -> QuantizedMatrix {
            guard inputs % 16 == 0 else { throw file.widthError(name, inputs) }
            return conv(
                try file.floats(name, [inputs, outputs]), inputs: inputs, total: outputs, from: 0, outputs: outputs)
        }
        let d = c.hiddenSize
        let inner = c.intermediateSize
        guard d % 16 == 0, inner % 16 == 0 else { throw .config("n_embd and n_inner must be multiples of 16") }
        embedding = try file.table("wte.weight", rows: c.vocabSize, cols: d)
        positions = try file.table("wpe.weight", rows: c.contextLength, cols: d)
        output = embedding
        tiedOutput = true
        outputNorm = try vector("ln_f.weight", d)
        outputNormBias = try vector("ln_f.bias", d)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = "h.\(l)."
            let qkvBias = try vector(p + "attn.c_attn.bias", 3 * d)
            let qkv = try file.floats(p + "attn.c_attn.weight", [d, 3 * d])
            layers.append(
                Layer(
                    attentionNorm: try vector(p + "ln_1.weight", d),
                    q: conv(qkv, inputs: d, total: 3 * d, from: 0, outputs: d),
                    k: conv(qkv, inputs: d, total: 3 * d, from: d, outputs: d),
                    v: conv(qkv, inputs: d, total: 3 * d, from: 2 * d, outputs: d),
                    o: try conv(p + "attn.c_proj.weight", inputs: d, outputs: d),
                    ffnNorm: try vector(p + "ln_2.weight", d),
                    gate: nil,
                    up: try conv(p + "mlp.c_fc.weight", inputs: d, outputs: inner),
                    down: try conv(p + "mlp.c_proj.weight", inputs: inner, outputs: d),
                    biases: Biases(
                        attentionNorm: try vector(p + "ln_1.bias", d), q: Array(qkvBias[0..<d]),
                        k: Array(qkvBias[d..<(2 * d)]), v: Array(qkvBias[(2 * d)...]),
                        o: try vector(p + "attn.c_proj.bias", d), ffnNorm: try vector(p + "ln_2.bias", d),
                        up: try vector(p + "mlp.c_fc.bias", inner), down: try vector(p + "mlp.c_proj.bias", d))))
        }
        self.layers = layers
    }
}
