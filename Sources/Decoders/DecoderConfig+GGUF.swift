import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

extension DecoderConfig {
    /// Architectures a GGUF may hold that are not read, named so the refusal says what it saw.
    static let otherArchitectures = [
        "phi2", "gemma3n", "gpt2", "falcon", "mpt", "bloom", "stablelm", "starcoder",
        "starcoder2", "mamba", "command-r", "deepseek2", "olmo", "t5", "bert", "qwen2moe", "qwen3moe", "mistral3",
    ]

    /// The families a GGUF file may name that open, as the refusal lists them.
    static let readFamilies =
        "'llama' (SmolLM2, Llama 2 and 3, TinyLlama), 'qwen2' (Qwen 2 and 2.5), 'qwen3', 'gemma', 'gemma2', 'gemma3' and 'phi3'"

    public static func read(_ file: GGUFFile) throws(ModelError) -> DecoderConfig {
        let m = file.metadata
        guard let name = m["general.architecture"]?.string else {
            throw .gguf("the file has no general.architecture: it does not say what model it holds")
        }
        guard let arch = DecoderArchitecture(rawValue: name), arch != .gpt2 else {
            let known = otherArchitectures.contains(name) ? "" : " (an architecture AttnViz does not know)"
            throw .gguf(
                "architecture '\(shortened(name, limit: 40))'\(known) is not read; AttnViz reads GGUF decoders of \(readFamilies)"
            )
        }
        let keys = GGUFKeys(metadata: m, prefix: name)
        let layers = try keys.int("block_count", 1...512)
        let hidden = try keys.int("embedding_length", 1...65_536)
        let ffn = try keys.int("feed_forward_length", 1...262_144)
        let heads = try keys.int("attention.head_count", 1...1024)
        let kvHeads = try keys.int("attention.head_count_kv", 1...1024, default: heads)
        let context = try keys.int("context_length", 1...(1 << 24), default: 2048)
        let headSize = try keys.int("attention.key_length", 2...4096, default: hidden / heads)
        guard headSize > 0, headSize % 2 == 0 else {
            throw .gguf("the head size \(headSize) (embedding_length / head_count or key_length) is not even")
        }
        guard try keys.int("attention.value_length", 1...4096, default: headSize) == headSize else {
            throw .gguf("\(name).attention.value_length differs from key_length (such models are not read)")
        }
        guard heads % kvHeads == 0 else {
            throw .gguf("\(heads) query heads do not share \(kvHeads) key/value heads evenly")
        }
        var rotary = headSize
        if m["\(name).rope.dimension_count"] != nil {
            rotary = try keys.int("rope.dimension_count", 1...4096)
            // Phi-3's partial RoPE (Phi-4-mini: the first 3/4 of each head, NEOX pairs), as
            // llama.cpp turns n_rot of them.
            guard rotary == headSize || (arch == .phi3 && rotary < headSize && rotary >= 2 && rotary % 2 == 0) else {
                throw .gguf(
                    "rope.dimension_count \(rotary) is not the head size \(headSize) (partial RoPE is read for phi3 only, even and smaller)"
                )
            }
        }
        if let s = m["\(name).rope.scaling.type"]?.string, s != "none" {
            throw .gguf("RoPE scaling '\(shortened(s, limit: 20))' is not read")
        }
        let base = try keys.number("rope.freq_base", default: 10_000, valid: { $0 > 1 }, "a finite number above 1")
        let eps = try keys.number(
            "attention.layer_norm_rms_epsilon", default: 1e-5, valid: { $0 > 0 && $0 < 1 }, "between 0 and 1")
        guard let tokens = m["tokenizer.ggml.tokens"]?.array, !tokens.isEmpty else {
            throw .gguf("the file has no tokenizer.ggml.tokens: AttnViz needs the tokenizer inside the file")
        }
        var c = DecoderConfig(
            layers: layers, hiddenSize: hidden, intermediateSize: ffn, heads: heads, kvHeads: kvHeads,
            contextLength: context, ropeBase: Float(base), rmsEps: Float(eps), vocabSize: tokens.count,
            headSize: headSize)
        c.architecture = arch
        if rotary < headSize { c.rotaryDims = rotary }
        c.ropeHalves = arch != .llama
        c.gemma = arch.isGemma
        if arch == .phi3, file.tensor("rope_factors_long.weight") != nil { try c.readLongRoPE(keys) }
        if arch == .gemma2 { try c.readGemma2(keys) }
        if arch == .gemma3 { try c.readGemma3(keys) }
        return c
    }

    /// Gemma 3's traits as llama.cpp reads them: a sliding window on five layers of every six
    /// (or the file's own pattern), 10,000 as their RoPE base unless the file says, scores
    /// scaled by 1/√head size (27B, 62 layers: 1/√(hidden / heads)).
    mutating func readGemma3(_ keys: GGUFKeys) throws(ModelError) {
        if layers == 62 { queryScale = 1 / Float(hiddenSize / heads).squareRoot() }
        finalSoftcap = try keys.softcap("final_logit_softcapping", default: nil)
        try readWindow(keys, default: nil, localBase: 10_000, period: 6)
    }
}

extension DecoderConfig {
    /// LongRoPE in a Phi-3 file (128k, 3.5): the attention factor on cos and sin, and the context
    /// cut at the original one, where the short factors (`rope_factors_short.weight`, which the
    /// weights read) hold; see `LongRoPE`.
    mutating func readLongRoPE(_ keys: GGUFKeys) throws(ModelError) {
        ropeScale = Float(
            try keys.number("rope.scaling.attn_factor", default: 1, valid: { $0 > 0 }, "a positive number"))
        contextLength = min(
            contextLength, try keys.int("rope.scaling.original_context_length", 2...(1 << 24), default: contextLength))
    }

    /// Gemma 2's traits as llama.cpp reads them: soft-capped scores (50 unless the file says)
    /// and logits (30), a window (4096 unless the file says) on every other layer from the first,
    /// one RoPE base for all, 1/√head size (27B, 46 layers: 1/√(hidden / heads)).
    mutating func readGemma2(_ keys: GGUFKeys) throws(ModelError) {
        if layers == 46 { queryScale = 1 / Float(hiddenSize / heads).squareRoot() }
        attentionSoftcap = try keys.softcap("attn_logit_softcapping", default: 50)
        finalSoftcap = try keys.softcap("final_logit_softcapping", default: 30)
        try readWindow(keys, default: 4096, localBase: Double(ropeBase), period: 2)
    }

    /// The sliding window (the file's, else `fallback`; none when 0 or absent with no fallback),
    /// the RoPE base of its layers (`rope.freq_base_swa`, else `localBase`) and which layers
    /// slide (the file's pattern, else every layer but each `period`-th).
    mutating func readWindow(_ keys: GGUFKeys, default fallback: Int?, localBase: Double, period: Int)
        throws(ModelError)
    {
        guard fallback != nil || keys.has("attention.sliding_window") else { return }
        let window = try keys.int("attention.sliding_window", 0...(1 << 24), default: fallback)
        guard window > 0 else { return }
        slidingWindow = window
        localRopeBase = Float(
            try keys.number("rope.freq_base_swa", default: localBase, valid: { $0 > 1 }, "a finite number above 1"))
        slidingLayers = try Self.pattern(keys, layers: layers, period: period)
    }

    /// Which layers slide: the file's list, or every layer but each `period`-th (llama.cpp's rule).
    static func pattern(_ keys: GGUFKeys, layers: Int, period fallback: Int) throws(ModelError) -> [Bool] {
        let patternKey = keys.prefix + ".attention.sliding_window_pattern"
        if let list = keys.metadata[patternKey]?.array {
            guard list.count >= layers else {
                throw .gguf("\(patternKey) lists \(list.count) layers; the model has \(layers)")
            }
            return try list.prefix(layers).map { (v) throws(ModelError) -> Bool in
                guard let b = v.bool else { throw .gguf("\(patternKey) holds \(v), not true or false") }
                return b
            }
        }
        let period = try keys.int("attention.sliding_window_pattern", 0...4096, default: fallback)
        return (0..<layers).map { period == 0 || $0 % period < period - 1 }
    }
}

/// A family's metadata keys (`ARCH.KEY`), each checked for its type and range.
struct GGUFKeys {
    let metadata: [String: GGUFValue]
    let prefix: String

    func has(_ key: String) -> Bool { metadata[prefix + "." + key] != nil }

    func int(_ key: String, _ range: ClosedRange<Int>, default fallback: Int? = nil) throws(ModelError) -> Int {
        let full = prefix + "." + key
        guard let value = metadata[full] else {
            if let fallback { return fallback }
            throw .gguf("\(full) is missing or not an integer")
        }
        guard let v = value.integer else { throw .gguf("\(full) is missing or not an integer") }
        guard range.contains(v) else {
            throw .gguf("\(full) is \(v); expected \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// A soft cap: the file's (positive), else `fallback`; nil when neither is there.
    func softcap(_ key: String, default fallback: Double?) throws(ModelError) -> Float? {
        guard has(key) || fallback != nil else { return nil }
        return Float(try number(key, default: fallback ?? 0, valid: { $0 > 0 }, "a positive number"))
    }

    func number(_ key: String, default fallback: Double, valid: (Double) -> Bool, _ rule: String) throws(ModelError)
        -> Double
    {
        let full = prefix + "." + key
        let v = metadata[full]?.number ?? fallback
        guard v.isFinite, valid(v) else { throw .gguf("\(full) is \(v); it must be \(rule)") }
        return v
    }
}
