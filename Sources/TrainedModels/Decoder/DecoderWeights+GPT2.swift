import AttentionCore

extension DecoderWeights {
    /// A Hugging Face GPT-2 checkpoint. Its Conv1D weights are stored inputs × outputs (the
    /// transpose of a Linear's), c_attn holding Q, K and V side by side: each is transposed once
    /// into float32 rows the block's kernels read. The output is the token embedding (tied).
    init(gpt2 index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig, owned: OwnedBytes)
        throws(ModelError)
    {
        guard let base = bytes.buffer.baseAddress else { throw .safetensors("empty file") }
        let prefix = index.entries["transformer.wte.weight"] != nil ? "transformer." : ""
        func entry(_ name: String, _ shape: [Int]) throws(ModelError) -> TensorEntry {
            guard let e = index.entries[prefix + name] else {
                throw .tensor("missing tensor '\(prefix + name)' (is this a GPT-2 checkpoint?)")
            }
            guard e.shape == shape else {
                throw .tensor("tensor '\(prefix + name)' has shape \(e.shape) but config.json implies \(shape)")
            }
            guard e.dtype.isFloatingPoint else {
                throw .tensor("tensor '\(prefix + name)' is \(e.dtype.rawValue); weights must be F32, F16 or BF16")
            }
            return e
        }
        func floats(_ e: TensorEntry) throws(ModelError) -> [Float] {
            var out = [Float](repeating: 0, count: e.elementCount)
            out.withUnsafeMutableBufferPointer { p in
                FloatConversion.convert(
                    base + e.bytes.lowerBound, dtype: e.dtype, count: e.elementCount, into: p.baseAddress!)
            }
            guard out.allSatisfy(\.isFinite) else {
                throw .tensor("tensor '\(e.name)' holds a value that is not finite")
            }
            return out
        }
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] { try floats(try entry(name, [count])) }
        /// Columns [from, from + outputs) of an inputs × total Conv1D weight, packed for the GEMM.
        func conv(_ name: String, inputs: Int, total: Int, from: Int, outputs: Int) throws(ModelError)
            -> QuantizedMatrix
        {
            guard inputs % 16 == 0 else {
                throw .tensor(
                    "tensor '\(prefix + name)' has \(inputs) inputs, not a multiple of 16 (AttnViz's kernels need one)")
            }
            let w = try floats(try entry(name, [inputs, total]))
            var m = Matrix(rows: inputs, cols: outputs)
            m.storage.withUnsafeMutableBufferPointer { mp in
                for i in 0..<inputs { for o in 0..<outputs { mp[i * outputs + o] = w[i * total + from + o] } }
            }
            return QuantizedMatrix(packing: m)
        }
        func table(_ name: String, rows: Int, cols: Int) throws(ModelError) -> QuantizedMatrix {
            let e = try entry(name, [rows, cols])
            let type: GGMLType = e.dtype == .f32 ? .f32 : e.dtype == .f16 ? .f16 : .bf16
            return QuantizedMatrix(base: base + e.bytes.lowerBound, type: type, rows: rows, cols: cols)
        }
        let d = c.hiddenSize
        let inner = c.intermediateSize
        guard d % 16 == 0, inner % 16 == 0 else { throw .config("n_embd and n_inner must be multiples of 16") }
        embedding = try table("wte.weight", rows: c.vocabSize, cols: d)
        positions = try table("wpe.weight", rows: c.contextLength, cols: d)
        output = embedding
        tiedOutput = true
        outputNorm = try vector("ln_f.weight", d)
        outputNormBias = try vector("ln_f.bias", d)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = "h.\(l)."
            let qkvBias = try vector(p + "attn.c_attn.bias", 3 * d)
            layers.append(
                Layer(
                    attentionNorm: try vector(p + "ln_1.weight", d),
                    q: try conv(p + "attn.c_attn.weight", inputs: d, total: 3 * d, from: 0, outputs: d),
                    k: try conv(p + "attn.c_attn.weight", inputs: d, total: 3 * d, from: d, outputs: d),
                    v: try conv(p + "attn.c_attn.weight", inputs: d, total: 3 * d, from: 2 * d, outputs: d),
                    o: try conv(p + "attn.c_proj.weight", inputs: d, total: d, from: 0, outputs: d),
                    ffnNorm: try vector(p + "ln_2.weight", d),
                    gate: nil,
                    up: try conv(p + "mlp.c_fc.weight", inputs: d, total: inner, from: 0, outputs: inner),
                    down: try conv(p + "mlp.c_proj.weight", inputs: inner, total: d, from: 0, outputs: d),
                    biases: Biases(
                        attentionNorm: try vector(p + "ln_1.bias", d), q: Array(qkvBias[0..<d]),
                        k: Array(qkvBias[d..<(2 * d)]), v: Array(qkvBias[(2 * d)...]),
                        o: try vector(p + "attn.c_proj.bias", d), ffnNorm: try vector(p + "ln_2.bias", d),
                        up: try vector(p + "mlp.c_fc.bias", inner), down: try vector(p + "mlp.c_proj.bias", d))))
        }
        self.layers = layers
    }
}
