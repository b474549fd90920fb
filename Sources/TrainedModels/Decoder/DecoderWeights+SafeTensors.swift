import AttentionCore

/// Memory the weights own (a permuted copy), freed with the model.
final class OwnedBytes: @unchecked Sendable {
    private var blocks: [UnsafeMutableRawPointer] = []

    func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        blocks.append(p)
        return p
    }

    deinit { for p in blocks { p.deallocate() } }
}

extension DecoderWeights {
    /// A Hugging Face llama checkpoint (transformers' names, F32/F16/BF16), the weights used in
    /// place. Q and K rows are reordered once from transformers' rotate-half layout to the
    /// adjacent pairs the block's RoPE rotates (llama.cpp's converter does the same): a query and
    /// a key are permuted alike, so every score and attention weight is unchanged.
    init(safeTensors index: SafeTensorsIndex, bytes: ModelBytes, config c: DecoderConfig, tied: Bool, owned: OwnedBytes)
        throws(ModelError)
    {
        guard let base = bytes.buffer.baseAddress else { throw .safetensors("empty file") }
        let prefix = index.entries["model.embed_tokens.weight"] != nil ? "model." : ""
        func entry(_ name: String, _ shape: [Int]) throws(ModelError) -> TensorEntry {
            guard let e = index.entries[name] else {
                throw .tensor("missing tensor '\(name)' (is this a llama checkpoint?)")
            }
            guard e.shape == shape else {
                throw .tensor("tensor '\(name)' has shape \(e.shape) but config.json implies \(shape)")
            }
            guard e.dtype == .f32 || e.dtype == .f16 || e.dtype == .bf16 else {
                throw .tensor("tensor '\(name)' is \(e.dtype.rawValue); weights must be F32, F16 or BF16")
            }
            return e
        }
        func type(_ e: TensorEntry) -> GGMLType { e.dtype == .f32 ? .f32 : e.dtype == .f16 ? .f16 : .bf16 }
        /// A projection, packed for the GEMM (its pages in the file given back); the embedding,
        /// read a row at a time, stays where it is.
        func matrix(_ name: String, rows: Int, cols: Int, ropeHeads: Int = 0, pack: Bool = true) throws(ModelError)
            -> QuantizedMatrix
        {
            let e = try entry(name, [rows, cols])
            guard cols % 16 == 0 else {
                throw .tensor("tensor '\(name)' has rows of \(cols), not a multiple of 16 (AttnViz's kernels need one)")
            }
            guard pack else {
                return QuantizedMatrix(base: base + e.bytes.lowerBound, type: type(e), rows: rows, cols: cols)
            }
            var raw = [Float](repeating: 0, count: rows * cols)
            raw.withUnsafeMutableBufferPointer { p in
                FloatConversion.convert(
                    base + e.bytes.lowerBound, dtype: e.dtype, count: rows * cols, into: p.baseAddress!)
            }
            guard raw.allSatisfy(\.isFinite) else { throw .tensor("tensor '\(name)' holds a value that is not finite") }
            bytes.discard(e.bytes)
            // Output o of the block reads the checkpoint's row source(o): with RoPE, head h's
            // adjacent pair (2i, 2i+1) is transformers' (i, i + size/2).
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
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] {
            let e = try entry(name, [count])
            var out = [Float](repeating: 0, count: count)
            out.withUnsafeMutableBufferPointer { p in
                FloatConversion.convert(base + e.bytes.lowerBound, dtype: e.dtype, count: count, into: p.baseAddress!)
            }
            guard out.allSatisfy(\.isFinite) else { throw .tensor("tensor '\(name)' holds a value that is not finite") }
            return out
        }
        let d = c.hiddenSize
        let kv = c.kvHeads * c.headSize
        embedding = try matrix(prefix + "embed_tokens.weight", rows: c.vocabSize, cols: d, pack: false)
        outputNorm = try vector(prefix + "norm.weight", d)
        tiedOutput = tied || index.entries["lm_head.weight"] == nil
        output = tiedOutput ? embedding : try matrix("lm_head.weight", rows: c.vocabSize, cols: d)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = prefix + "layers.\(l)."
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
