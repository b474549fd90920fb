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
        let t = GGUFTensors(file: file, bytes: bytes)
        let d = c.hiddenSize
        embedding = try t.matrix("token_embd.weight", cols: d, rows: c.vocabSize)
        outputNorm = try t.vector("output_norm.weight", d)
        if file.tensor("rope_freqs.weight") != nil {
            let factors = try t.vector("rope_freqs.weight", c.ropeDims / 2)
            guard bytes == nil || factors.allSatisfy({ $0 > 0 }) else {
                throw .gguf("tensor 'rope_freqs.weight' holds a factor that is not positive")
            }
            ropeFactors = factors
        }
        tiedOutput = file.tensor("output.weight") == nil
        output = tiedOutput ? embedding : try t.matrix("output.weight", cols: d, rows: c.vocabSize)
        if c.architecture == .phi3, file.tensor("rope_factors_long.weight") != nil {
            // LongRoPE: the short factors, for the context up to the original one (the config
            // stops there); the long ones are checked for their shape only.
            _ = try t.vector("rope_factors_long.weight", c.ropeDims / 2)
            let short = try t.vector("rope_factors_short.weight", c.ropeDims / 2)
            guard bytes == nil || short.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw .gguf("tensor 'rope_factors_short.weight' holds a factor that is not positive")
            }
            ropeFactors = short
        }
        var layers: [Layer] = []
        for l in 0..<c.layers { layers.append(try t.layer(l, c)) }
        self.layers = layers
    }

    /// Bytes of the weights as stored (what a forward reads).
    var byteCount: Int {
        layers.reduce(embedding.byteCount + (tiedOutput ? 0 : output.byteCount)) { s, l in
            s + [l.q, l.k, l.v, l.o, l.gate, l.up, l.down].reduce(0) { $0 + ($1?.byteCount ?? 0) }
        }
    }
}

/// The tensors a family adds to llama's block, by the names each format gives them.
struct FamilyTensorNames {
    var qBias, kBias, vBias, qNorm, kNorm, postAttentionNorm, postMLPNorm: String

    /// llama.cpp's names in block `p` ("blk.3.").
    static func gguf(_ p: String) -> FamilyTensorNames {
        FamilyTensorNames(
            qBias: p + "attn_q.bias", kBias: p + "attn_k.bias", vBias: p + "attn_v.bias",
            qNorm: p + "attn_q_norm.weight", kNorm: p + "attn_k_norm.weight",
            postAttentionNorm: p + "post_attention_norm.weight", postMLPNorm: p + "post_ffw_norm.weight")
    }

    /// transformers' names in layer `p` ("layers.3.").
    static func huggingFace(_ p: String) -> FamilyTensorNames {
        let a = p + "self_attn."
        return FamilyTensorNames(
            qBias: a + "q_proj.bias", kBias: a + "k_proj.bias", vBias: a + "v_proj.bias", qNorm: a + "q_norm.weight",
            kNorm: a + "k_norm.weight", postAttentionNorm: p + "post_attention_layernorm.weight",
            postMLPNorm: p + "post_feedforward_layernorm.weight")
    }
}

extension DecoderWeights.Layer {
    /// Qwen 2's q/k/v biases, Qwen 3's and Gemma 3's q/k norms, Gemma 2's and 3's post-norms,
    /// read with the format's readers (`norm` adds Gemma's 1 to a folder's weights).
    mutating func addFamilyTensors(
        _ c: DecoderConfig, _ names: FamilyTensorNames, bias: (String, Int) throws(ModelError) -> [Float],
        norm: (String, Int) throws(ModelError) -> [Float]
    ) throws(ModelError) {
        let kv = c.kvHeads * c.headSize
        if c.architecture == .qwen2 {
            biases = DecoderWeights.Biases(
                q: try bias(names.qBias, c.attentionWidth), k: try bias(names.kBias, kv), v: try bias(names.vBias, kv))
        }
        if c.architecture.normsQueriesAndKeys {
            queryNorm = try norm(names.qNorm, c.headSize)
            keyNorm = try norm(names.kNorm, c.headSize)
        }
        if c.architecture.normsSublayerOutputs {
            postAttentionNorm = try norm(names.postAttentionNorm, c.hiddenSize)
            postMLPNorm = try norm(names.postMLPNorm, c.hiddenSize)
        }
    }
}
