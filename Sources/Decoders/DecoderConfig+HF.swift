import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// A Hugging Face decoder folder's config.json, read once: the shape, whether the output matrix
/// is the token embedding, and the end-of-text ids.
public struct HuggingFaceDecoderConfig: Equatable, Sendable {
    public var config: DecoderConfig
    public var tied: Bool
    public var endIDs: Set<Int>
}

extension DecoderConfig {
    /// A `config.json` whose model_type is a decoder AttnViz reads (llama, gpt2), checked as the GGUF
    /// metadata is; nil when it is not a JSON object or names another model_type (an encoder's).
    public static func huggingFace(_ bytes: Data) -> Result<HuggingFaceDecoderConfig, ModelError>? {
        guard let o = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any],
            let type = o["model_type"] as? String, type == "llama" || type == "gpt2"
        else { return nil }
        return Result { () throws(ModelError) in
            let (c, tied) = try type == "gpt2" ? gpt2(o) : llama(o)
            return HuggingFaceDecoderConfig(config: c, tied: tied, endIDs: endIDs(o))
        }
    }

    /// transformers' LlamaConfig.
    static func llama(_ o: [String: Any]) throws(ModelError) -> (config: DecoderConfig, tied: Bool) {
        let f = ConfigFields(object: o)
        let hidden = try f.int("hidden_size", 1...65_536)
        let heads = try f.int("num_attention_heads", 1...1024)
        let kvHeads = try f.int("num_key_value_heads", 1...1024, default: heads)
        guard hidden % heads == 0, (hidden / heads) % 2 == 0 else {
            throw .config(
                "hidden_size \(hidden) does not split into \(heads) heads of an even size (RoPE rotates pairs)")
        }
        guard heads % kvHeads == 0 else {
            throw .config("\(heads) query heads do not share \(kvHeads) key/value heads evenly")
        }
        if o["head_dim"] != nil, !(o["head_dim"] is NSNull), try f.int("head_dim", 1...4096) != hidden / heads {
            throw .config("head_dim is not hidden_size / num_attention_heads (such models are not read)")
        }
        if let scaling = o["rope_scaling"], !(scaling is NSNull) {
            throw .config("rope_scaling is set; scaled RoPE is not read")
        }
        if let act = o["hidden_act"] as? String, act != "silu" {
            throw .config("hidden_act '\(shortened(act, limit: 20))' is not read (llama uses silu)")
        }
        if o["attention_bias"] as? Bool == true || o["mlp_bias"] as? Bool == true {
            throw .config("attention_bias / mlp_bias are not read")
        }
        // transformers 5 writes rope_parameters {rope_theta, rope_type}; earlier ones rope_theta.
        let rope = o["rope_parameters"] as? [String: Any]
        if let kind = rope?["rope_type"] as? String, kind != "default" {
            throw .config("rope_type '\(shortened(kind, limit: 20))' is not read (only the default RoPE is)")
        }
        let theta = ((o["rope_theta"] ?? rope?["rope_theta"]) as? NSNumber)?.doubleValue ?? 10_000
        let eps = (o["rms_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-6
        guard theta.isFinite, theta > 1 else {
            throw .config("rope_theta is \(theta); it must be a finite number above 1")
        }
        guard eps.isFinite, eps > 0, eps < 1 else {
            throw .config("rms_norm_eps is \(eps); it must be between 0 and 1")
        }
        let c = DecoderConfig(
            layers: try f.int("num_hidden_layers", 1...512), hiddenSize: hidden,
            intermediateSize: try f.int("intermediate_size", 1...262_144), heads: heads, kvHeads: kvHeads,
            contextLength: try f.int("max_position_embeddings", 1...(1 << 24), default: 2048), ropeBase: Float(theta),
            rmsEps: Float(eps), vocabSize: try f.int("vocab_size", 1...1_000_000))
        return (c, o["tie_word_embeddings"] as? Bool ?? false)
    }

    /// transformers' GPT2Config: n_embd, n_layer, n_head, n_positions, n_inner (4·n_embd when null).
    static func gpt2(_ o: [String: Any]) throws(ModelError) -> (config: DecoderConfig, tied: Bool) {
        let f = ConfigFields(object: o)
        let hidden = try f.int("n_embd", 1...65_536)
        let heads = try f.int("n_head", 1...1024)
        guard hidden % heads == 0 else {
            throw .config("n_embd \(hidden) does not split into \(heads) heads")
        }
        let act = o["activation_function"] as? String ?? "gelu_new"
        guard act == "gelu_new" || act == "gelu_pytorch_tanh" else {
            throw .config("activation_function '\(shortened(act, limit: 20))' is not read (GPT-2 uses gelu_new)")
        }
        if o["scale_attn_by_inverse_layer_idx"] as? Bool == true || o["reorder_and_upcast_attn"] as? Bool == true
            || o["scale_attn_weights"] as? Bool == false
        {
            throw .config("GPT-2's attention scaling options other than 1/√d_k are not read")
        }
        let inner = try f.int("n_inner", 1...262_144, default: 4 * hidden)
        let eps = (o["layer_norm_epsilon"] as? NSNumber)?.doubleValue ?? 1e-5
        guard eps.isFinite, eps > 0, eps < 1 else {
            throw .config("layer_norm_epsilon is \(eps); it must be between 0 and 1")
        }
        var c = DecoderConfig(
            layers: try f.int("n_layer", 1...512), hiddenSize: hidden, intermediateSize: inner, heads: heads,
            kvHeads: heads, contextLength: try f.int("n_positions", 1...(1 << 20), default: 1024), ropeBase: 10_000,
            rmsEps: Float(eps), vocabSize: try f.int("vocab_size", 1...1_000_000))
        c.architecture = .gpt2
        return (c, true)
    }

    /// The end-of-text ids config.json names (`eos_token_id`: one id or a list).
    static func endIDs(_ o: [String: Any]) -> Set<Int> {
        if let one = o["eos_token_id"].flatMap(SafeTensorsIndex.integer) { return [one] }
        return Set(((o["eos_token_id"] as? [Any]) ?? []).compactMap(SafeTensorsIndex.integer))
    }
}
