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
    /// The config.json model_types read, with the block each runs.
    static let huggingFaceTypes: [String: DecoderArchitecture] = [
        "llama": .llama, "mistral": .mistral, "qwen2": .qwen2, "qwen3": .qwen3, "gemma": .gemma, "gemma2": .gemma2,
        "gemma3_text": .gemma3,
        "phi3": .phi3, "gpt2": .gpt2,
    ]

    /// A `config.json` whose model_type is a decoder AttnViz reads (llama, qwen2, qwen3,
    /// gemma3_text, gpt2), checked as the GGUF metadata is; nil when it is not a JSON object or
    /// names another model_type (an encoder's).
    public static func huggingFace(_ bytes: Data) -> Result<HuggingFaceDecoderConfig, ModelError>? {
        guard let o = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any],
            let type = o["model_type"] as? String, let arch = huggingFaceTypes[type]
        else { return nil }
        return Result { () throws(ModelError) in
            let (c, tied) = try arch == .gpt2 ? gpt2(o) : llamaLike(o, arch)
            return HuggingFaceDecoderConfig(config: c, tied: tied, endIDs: endIDs(o))
        }
    }

    /// transformers' LlamaConfig and the families that vary it: Qwen2Config (q/k/v biases),
    /// Qwen3Config (q/k norms), Gemma3TextConfig (see `readGemma3`). RoPE rotates halves, as
    /// transformers computes it, so the checkpoint's rows are read as they are.
    static func llamaLike(_ o: [String: Any], _ arch: DecoderArchitecture) throws(ModelError) -> (
        config: DecoderConfig, tied: Bool
    ) {
        let f = ConfigFields(object: o)
        let hidden = try f.int("hidden_size", 1...65_536)
        let heads = try f.int("num_attention_heads", 1...1024)
        let kvHeads = try f.int("num_key_value_heads", 1...1024, default: heads)
        let headSize = try f.int("head_dim", 2...4096, default: hidden / heads)
        guard headSize > 0, headSize % 2 == 0 else {
            throw .config("the head size \(headSize) is not even (RoPE rotates pairs)")
        }
        guard heads % kvHeads == 0 else {
            throw .config("\(heads) query heads do not share \(kvHeads) key/value heads evenly")
        }
        let act = (o["hidden_act"] ?? o["hidden_activation"]) as? String
        let expected = arch.isGemma ? "gelu_pytorch_tanh" : "silu"
        // Gemma 1's first configs say "gelu", which transformers runs as the tanh GELU.
        if let act, act != expected, !(arch == .gemma && act == "gelu") {
            throw .config(
                "the activation '\(shortened(act, limit: 20))' is not read (\(arch.rawValue) uses \(expected))")
        }
        if (arch != .qwen2 && o["attention_bias"] as? Bool == true) || o["mlp_bias"] as? Bool == true {
            throw .config("attention_bias / mlp_bias are not read")
        }
        // Phi-3's and Mistral's window covers every layer, as transformers masks it.
        let everyLayerWindow =
            arch == .phi3 || arch == .mistral ? try f.int("sliding_window", 0...(1 << 24), default: 0) : 0
        // transformers 5 writes rope_parameters {rope_theta, rope_type} (Gemma 3: one per layer
        // type); earlier ones rope_theta.
        let rope = o["rope_parameters"] as? [String: Any]
        let global = (rope?["full_attention"] as? [String: Any]) ?? rope
        let scaled = try llama3Scaling(o, global)
        let positions = try f.int("max_position_embeddings", 1...(1 << 24), default: 2048)
        let rotary = try rotaryDims(o, global, arch, headSize: headSize)
        let long = try longRoPE(o, global, dims: rotary, positions: positions)
        let theta = try ropeTheta(
            scaled == nil && long == nil ? global : nil, fallback: global?["rope_theta"] ?? o["rope_theta"],
            default: arch == .gemma3 ? 1_000_000 : 10_000)
        let eps = (o["rms_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-6
        guard eps.isFinite, eps > 0, eps < 1 else {
            throw .config("rms_norm_eps is \(eps); it must be between 0 and 1")
        }
        var c = DecoderConfig(
            layers: try f.int("num_hidden_layers", 1...512), hiddenSize: hidden,
            intermediateSize: try f.int("intermediate_size", 1...262_144), heads: heads, kvHeads: kvHeads,
            contextLength: long?.original ?? positions, ropeBase: Float(theta),
            rmsEps: Float(eps), vocabSize: try f.int("vocab_size", 1...1_000_000), headSize: headSize)
        c.architecture = arch
        c.ropeHalves = true
        if arch.isGemma { try c.readGemma(o, f, rope) }
        if rotary < headSize { c.rotaryDims = rotary }
        if let scaled { c.ropeFactors = try Self.llama3Factors(scaled, dims: rotary, base: theta) }
        if let long { (c.ropeFactors, c.ropeScale) = (long.short, long.scale) }
        let every = everyLayerWindow > 0 ? (everyLayerWindow, Array(repeating: true, count: c.layers)) : nil
        if let (window, layers) = try qwenWindow(o, f, arch, layers: c.layers) ?? every {
            c.slidingWindow = window
            c.slidingLayers = layers
            c.localRopeBase = c.ropeBase
        }
        return (c, o["tie_word_embeddings"] as? Bool ?? arch.isGemma)
    }

    /// The dimensions of a head that RoPE turns: all, or Phi-3's `partial_rotary_factor` of them
    /// (Phi-4-mini's 3/4), int(head size × factor) as transformers takes them.
    static func rotaryDims(_ o: [String: Any], _ rope: [String: Any]?, _ arch: DecoderArchitecture, headSize: Int)
        throws(ModelError) -> Int
    {
        let factor = ((rope?["partial_rotary_factor"] ?? o["partial_rotary_factor"]) as? NSNumber)?.doubleValue ?? 1
        guard factor != 1 else { return headSize }
        guard arch == .phi3 else {
            throw .config("partial_rotary_factor is \(factor); partial RoPE is read for Phi-3 (Phi-4-mini) only")
        }
        guard factor.isFinite, factor > 0, factor < 1 else {
            throw .config("partial_rotary_factor is \(factor); it must be above 0 and at most 1")
        }
        let dims = Int(Double(headSize) * factor)
        guard dims >= 2, dims % 2 == 0 else {
            throw .config(
                "partial_rotary_factor \(factor) turns \(dims) of \(headSize) dimensions; RoPE needs an even number")
        }
        return dims
    }

    /// Qwen 2's and 3's sliding window, when config.json sets use_sliding_window: the layers its
    /// layer_types names "sliding_attention", or (a config without the list) those from
    /// max_window_layers on, as transformers masks them; nil when the window is off.
    static func qwenWindow(_ o: [String: Any], _ f: ConfigFields, _ arch: DecoderArchitecture, layers: Int)
        throws(ModelError) -> (Int, [Bool])?
    {
        guard o["use_sliding_window"] as? Bool == true else { return nil }
        guard arch == .qwen2 || arch == .qwen3 else {
            throw .config("use_sliding_window is set; only Qwen 2's and Qwen 3's window is read")
        }
        let window = try f.int("sliding_window", 1...(1 << 24))
        guard let listed = o["layer_types"], !(listed is NSNull) else {
            let first = try f.int("max_window_layers", 0...(1 << 24), default: 28)
            return (window, (0..<layers).map { $0 >= first })
        }
        let kinds = (listed as? [Any])?.compactMap { $0 as? String } ?? []
        guard kinds.count == layers, kinds.allSatisfy({ $0 == "sliding_attention" || $0 == "full_attention" })
        else {
            throw .config("layer_types must name each of the \(layers) layers sliding_attention or full_attention")
        }
        return (window, kinds.map { $0 == "sliding_attention" })
    }

    /// A RoPE base from rope_parameters (or the older top-level rope_theta), the default RoPE only.
    static func ropeTheta(_ rope: [String: Any]?, fallback: Any?, default value: Double) throws(ModelError) -> Double {
        if let kind = rope?["rope_type"] as? String, kind != "default" {
            throw .config("rope_type '\(shortened(kind, limit: 20))' is not read (only the default RoPE is)")
        }
        let theta = ((rope?["rope_theta"] ?? fallback) as? NSNumber)?.doubleValue ?? value
        guard theta.isFinite, theta > 1 else {
            throw .config("rope_theta is \(theta); it must be a finite number above 1")
        }
        return theta
    }

    /// GemmaConfig, Gemma2Config and Gemma3TextConfig: query_pre_attn_scalar, the soft caps, the
    /// sliding window and which layers use it (layer_types, or every other layer for Gemma 2),
    /// the local RoPE base.
    mutating func readGemma(_ o: [String: Any], _ f: ConfigFields, _ rope: [String: Any]?) throws(ModelError) {
        gemma = true
        guard architecture != .gemma else { return }
        let scalar = try f.int("query_pre_attn_scalar", 1...1_000_000, default: headSize)
        queryScale = 1 / Float(scalar).squareRoot()
        func cap(_ key: String) throws(ModelError) -> Float? {
            guard let raw = o[key], !(raw is NSNull) else { return nil }
            guard let v = (raw as? NSNumber)?.doubleValue, v.isFinite, v > 0 else {
                throw .config("\(key) is \(raw); it must be a positive number")
            }
            return Float(v)
        }
        attentionSoftcap = try cap("attn_logit_softcapping")
        if attentionSoftcap != nil && architecture == .gemma3 {
            throw .config("attn_logit_softcapping is set on a Gemma 3, which has none")
        }
        finalSoftcap = try cap("final_logit_softcapping")
        let window = try f.int("sliding_window", 0...(1 << 24), default: 0)
        guard window > 0 else { return }
        slidingWindow = window
        localRopeBase = Float(
            try Self.ropeTheta(
                rope?["sliding_attention"] as? [String: Any], fallback: o["rope_local_base_freq"],
                default: architecture == .gemma2 ? Double(ropeBase) : 10_000))
        if let types = o["layer_types"] as? [String] {
            guard types.count == layers else {
                throw .config("layer_types lists \(types.count) layers; num_hidden_layers is \(layers)")
            }
            slidingLayers = types.map { $0 == "sliding_attention" }
        } else {
            let period = try f.int("sliding_window_pattern", 1...4096, default: architecture == .gemma2 ? 2 : 6)
            slidingLayers = (0..<layers).map { ($0 + 1) % period != 0 }
        }
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
