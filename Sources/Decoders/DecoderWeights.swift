import Encoders
import ModelFormats
import Tokenizers

/// A decoder's tensors: a GGUF file's (found by llama.cpp's names: llama, Qwen 2 and 3, Gemma 3),
/// a Hugging Face checkpoint's (the same families and GPT-2); each checked for shape and type.
package struct DecoderWeights: Sendable {
    struct Layer: Sendable {
        var attentionNorm: [Float]
        var q: QuantizedMatrix
        var k: QuantizedMatrix
        var v: QuantizedMatrix
        var o: QuantizedMatrix
        var ffnNorm: [Float]
        /// SwiGLU's or GeGLU's gate; nil for a GELU MLP (GPT-2).
        var gate: QuantizedMatrix?
        var up: QuantizedMatrix
        var down: QuantizedMatrix
        /// GPT-2's biases and LayerNorm shifts, Qwen 2's q/k/v biases; nil for llama, which has none.
        var biases: Biases?
        /// Qwen 3's and Gemma 3's RMSNorm weights of each head's q and k (one head's width).
        var queryNorm: [Float]? = nil
        var keyNorm: [Float]? = nil
        /// Gemma's norms of the attention output and of the MLP output, before each joins the residual.
        var postAttentionNorm: [Float]? = nil
        var postMLPNorm: [Float]? = nil
    }

    struct Biases: Sendable {
        var attentionNorm, q, k, v, o, ffnNorm, up, down: [Float]?
    }

    var embedding: QuantizedMatrix
    /// The embedding itself when the file has no `output.weight` (tied, as SmolLM2 is).
    var output: QuantizedMatrix
    var outputNorm: [Float]
    /// GPT-2's final LayerNorm shift.
    var outputNormBias: [Float]?
    /// GPT-2's learned positions, added to the token embedding; nil with RoPE.
    var positions: QuantizedMatrix?
    /// Llama 3.1's and 3.2's RoPE frequency factors (`rope_freqs.weight`): pair i turns by
    /// position · base^(−2i/headSize) / factor[i], as llama.cpp's rope applies them.
    var ropeFactors: [Float]?
    var layers: [Layer]
    var tiedOutput: Bool

    /// `bytes` nil checks the tensors' names, shapes and types from the header alone (what
    /// `attnviz models` needs); the matrices it returns then must not be read.
    init(file: GGUFFile, bytes: UnsafeRawBufferPointer?, config c: DecoderConfig) throws(ModelError) {
        func info(_ name: String) throws(ModelError) -> GGUFTensorInfo {
            guard let t = file.tensor(name) else { throw .gguf("tensor '\(name)' is missing") }
            guard t.type.isDequantizable else {
                throw .gguf("tensor '\(name)' is \(t.type.name), a type AttnViz does not read yet")
            }
            return t
        }
        func matrix(_ name: String, cols: Int, rows: Int) throws(ModelError) -> QuantizedMatrix {
            let t = try info(name)
            guard t.shape == [cols, rows] else {
                throw .gguf(
                    "tensor '\(name)' has shape \(t.shape); a \(rows)-output, \(cols)-input matrix is [\(cols), \(rows)]"
                )
            }
            guard cols % 16 == 0 else { throw .gguf("tensor '\(name)' has rows of \(cols), not a multiple of 16") }
            guard let base = bytes?.baseAddress else {
                return QuantizedMatrix(base: QuantizedMatrix.unused, type: t.type, rows: rows, cols: cols)
            }
            let m = QuantizedMatrix(base: base + t.bytes.lowerBound, type: t.type, rows: rows, cols: cols)
            if let row = m.firstNonFiniteRow() {
                throw .gguf("tensor '\(name)' holds a value that is not finite (NaN or infinity) in row \(row)")
            }
            return m
        }
        func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] {
            let t = try info(name)
            guard t.shape == [count] else { throw .gguf("tensor '\(name)' has shape \(t.shape), expected [\(count)]") }
            guard let base = bytes?.baseAddress else { return [Float](repeating: 0, count: count) }
            var out = [Float](repeating: 0, count: count)
            try out.withUnsafeMutableBufferPointer { (p) throws(ModelError) in
                try GGUFDequantize.expand(base + t.bytes.lowerBound, type: t.type, count: count, into: p.baseAddress!)
            }
            guard out.allSatisfy(\.isFinite) else { throw .gguf("tensor '\(name)' holds a value that is not finite") }
            return out
        }
        let d = c.hiddenSize
        let kv = c.kvHeads * c.headSize
        let width = c.attentionWidth
        embedding = try matrix("token_embd.weight", cols: d, rows: c.vocabSize)
        outputNorm = try vector("output_norm.weight", d)
        if file.tensor("rope_freqs.weight") != nil {
            let factors = try vector("rope_freqs.weight", c.headSize / 2)
            guard bytes == nil || factors.allSatisfy({ $0 > 0 }) else {
                throw .gguf("tensor 'rope_freqs.weight' holds a factor that is not positive")
            }
            ropeFactors = factors
        }
        tiedOutput = file.tensor("output.weight") == nil
        output = tiedOutput ? embedding : try matrix("output.weight", cols: d, rows: c.vocabSize)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            let p = "blk.\(l)."
            var layer = Layer(
                attentionNorm: try vector(p + "attn_norm.weight", d),
                q: try matrix(p + "attn_q.weight", cols: d, rows: width),
                k: try matrix(p + "attn_k.weight", cols: d, rows: kv),
                v: try matrix(p + "attn_v.weight", cols: d, rows: kv),
                o: try matrix(p + "attn_output.weight", cols: width, rows: d),
                ffnNorm: try vector(p + "ffn_norm.weight", d),
                gate: try matrix(p + "ffn_gate.weight", cols: d, rows: c.intermediateSize),
                up: try matrix(p + "ffn_up.weight", cols: d, rows: c.intermediateSize),
                down: try matrix(p + "ffn_down.weight", cols: c.intermediateSize, rows: d))
            if c.architecture == .qwen2 {
                layer.biases = Biases(
                    q: try vector(p + "attn_q.bias", width), k: try vector(p + "attn_k.bias", kv),
                    v: try vector(p + "attn_v.bias", kv))
            }
            if c.architecture.normsQueriesAndKeys {
                layer.queryNorm = try vector(p + "attn_q_norm.weight", c.headSize)
                layer.keyNorm = try vector(p + "attn_k_norm.weight", c.headSize)
            }
            if c.gemma {
                layer.postAttentionNorm = try vector(p + "post_attention_norm.weight", d)
                layer.postMLPNorm = try vector(p + "post_ffw_norm.weight", d)
            }
            layers.append(layer)
        }
        self.layers = layers
    }

    /// Bytes of the weights as stored (what a forward reads).
    var byteCount: Int {
        layers.reduce(embedding.byteCount + (tiedOutput ? 0 : output.byteCount)) { s, l in
            s + [l.q, l.k, l.v, l.o, l.gate, l.up, l.down].reduce(0) { $0 + ($1?.byteCount ?? 0) }
        }
    }
}
