import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// The shape of a Llama-architecture decoder (SmolLM, Llama, TinyLlama, Mistral-style files),
/// read from a GGUF file's `llama.*` metadata and checked before a weight is touched.
public struct DecoderConfig: Equatable, Sendable {
    public var architecture: DecoderArchitecture = .llama
    public var layers: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var heads: Int
    public var kvHeads: Int
    public var headSize: Int
    public var contextLength: Int
    public var ropeBase: Float
    public var rmsEps: Float
    public var vocabSize: Int

    /// Query heads that share one key/value head.
    public var groupSize: Int { heads / kvHeads }

    /// Architectures a GGUF may hold that are not read, named so the refusal says what it saw.
    static let otherArchitectures = [
        "qwen2", "qwen3", "phi2", "phi3", "gemma", "gemma2", "gemma3", "gpt2", "falcon", "mpt", "bloom",
        "stablelm", "starcoder", "starcoder2", "mamba", "command-r", "deepseek2", "olmo", "t5", "bert",
    ]

    public init(
        layers: Int, hiddenSize: Int, intermediateSize: Int, heads: Int, kvHeads: Int, contextLength: Int,
        ropeBase: Float, rmsEps: Float, vocabSize: Int
    ) {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.heads = heads
        self.kvHeads = kvHeads
        self.headSize = heads > 0 ? hiddenSize / heads : 0
        self.contextLength = contextLength
        self.ropeBase = ropeBase
        self.rmsEps = rmsEps
        self.vocabSize = vocabSize
    }

    public static func read(_ file: GGUFFile) throws(ModelError) -> DecoderConfig {
        let m = file.metadata
        guard let arch = m["general.architecture"]?.string else {
            throw .gguf("the file has no general.architecture: it does not say what model it holds")
        }
        guard arch == "llama" else {
            let known = otherArchitectures.contains(arch) ? "" : " (an architecture AttnViz does not know)"
            throw .gguf(
                "architecture '\(shortened(arch, limit: 40))'\(known) is not read; AttnViz reads GGUF decoders of the 'llama' architecture (SmolLM2, Llama 2 and 3, TinyLlama and their like)"
            )
        }
        func int(_ key: String, _ range: ClosedRange<Int>) throws(ModelError) -> Int {
            guard let v = m["llama." + key]?.integer else { throw .gguf("llama.\(key) is missing or not an integer") }
            guard range.contains(v) else {
                throw .gguf("llama.\(key) is \(v); expected \(range.lowerBound)…\(range.upperBound)")
            }
            return v
        }
        let layers = try int("block_count", 1...512)
        let hidden = try int("embedding_length", 1...65_536)
        let ffn = try int("feed_forward_length", 1...262_144)
        let heads = try int("attention.head_count", 1...1024)
        let kvHeads = m["llama.attention.head_count_kv"] == nil ? heads : try int("attention.head_count_kv", 1...1024)
        let context = m["llama.context_length"] == nil ? 2048 : try int("context_length", 1...(1 << 24))
        guard hidden % heads == 0, (hidden / heads) % 2 == 0 else {
            throw .gguf("embedding_length \(hidden) does not split into \(heads) heads of an even size")
        }
        guard heads % kvHeads == 0 else {
            throw .gguf("\(heads) query heads do not share \(kvHeads) key/value heads evenly")
        }
        if let r = m["llama.rope.dimension_count"] {
            guard r.integer == hidden / heads else {
                throw .gguf(
                    "rope.dimension_count \(r) is not the head size \(hidden / heads) (partial RoPE is not read)")
            }
        }
        if let s = m["llama.rope.scaling.type"]?.string, s != "none" {
            throw .gguf("RoPE scaling '\(shortened(s, limit: 20))' is not read")
        }
        let base = m["llama.rope.freq_base"]?.number ?? 10_000
        let eps = m["llama.attention.layer_norm_rms_epsilon"]?.number ?? 1e-5
        guard base.isFinite, base > 1 else {
            throw .gguf("llama.rope.freq_base is \(base); it must be a finite number above 1")
        }
        guard eps.isFinite, eps > 0, eps < 1 else {
            throw .gguf("llama.attention.layer_norm_rms_epsilon is \(eps); it must be between 0 and 1")
        }
        guard let tokens = m["tokenizer.ggml.tokens"]?.array, !tokens.isEmpty else {
            throw .gguf("the file has no tokenizer.ggml.tokens: AttnViz needs the tokenizer inside the file")
        }
        return DecoderConfig(
            layers: layers, hiddenSize: hidden, intermediateSize: ffn, heads: heads, kvHeads: kvHeads,
            contextLength: context, ropeBase: Float(base), rmsEps: Float(eps), vocabSize: tokens.count)
    }
}

/// The decoder blocks one forward serves: llama's (RMSNorm, RoPE, SwiGLU, no biases) and
/// GPT-2's (LayerNorm, learned positions, tanh GELU, biases everywhere).
public enum DecoderArchitecture: String, Sendable {
    case llama, gpt2

    public var usesRoPE: Bool { self == .llama }
    /// What normalizes a block's input, as the explanation names it.
    public var norm: String { self == .llama ? "RMSNorm" : "LayerNorm" }
    /// Whether its projections add biases.
    public var hasBiases: Bool { self == .gpt2 }
}
