import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// The shape of a decoder and what sets its family's block apart from llama's, read from a GGUF
/// file's `ARCH.*` metadata or a Hugging Face config.json and checked before a weight is touched.
public struct DecoderConfig: Equatable, Sendable {
    public var architecture: DecoderArchitecture = .llama
    public var layers: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var heads: Int
    public var kvHeads: Int
    /// Each head's width: hidden / heads, unless the file says otherwise (Gemma 3's 256 over a
    /// hidden size of 640, Qwen 3's 128).
    public var headSize: Int
    public var contextLength: Int
    public var ropeBase: Float
    public var rmsEps: Float
    public var vocabSize: Int
    /// RoPE rotates the pairs (i, i + size/2), as transformers computes and Qwen, Gemma and Phi
    /// files keep them (llama.cpp's NEOX); false: the adjacent pairs (2i, 2i+1) llama.cpp's
    /// converter permutes llama files into.
    public var ropeHalves = false
    /// What a score q·k is multiplied by before the softmax.
    public var queryScale: Float
    /// Gemma: the embedding times √hidden, (1 + w) norms after attention and after the MLP too,
    /// GeGLU with tanh GELU instead of SwiGLU.
    public var gemma = false
    /// Layers that see only the last `slidingWindow` keys (Gemma 3's five of every six), with
    /// their own RoPE base.
    public var slidingWindow: Int?
    public var slidingLayers: [Bool] = []
    public var localRopeBase: Float = 10_000
    /// Logits become cap · tanh(logits / cap) (Gemma 2, and a Gemma 3 file that sets it).
    public var finalSoftcap: Float?
    /// Scores become cap · tanh(score / cap) before the softmax (Gemma 2).
    public var attentionSoftcap: Float?
    /// A Hugging Face Llama 3.1/3.2 folder's RoPE scaling as per-pair divisors of the frequency,
    /// as a GGUF file carries them in rope_freqs.weight.
    public var ropeFactors: [Float]?
    /// LongRoPE's attention factor (Phi-3 128k, Phi-3.5): RoPE's cos and sin are multiplied by it,
    /// so every score by its square; 1 otherwise.
    public var ropeScale: Float = 1
    /// Dimensions of each head RoPE turns (the first ones; Phi-4-mini's partial RoPE turns 3/4),
    /// nil for all of them.
    public var rotaryDims: Int?
    /// The dimensions RoPE turns: `rotaryDims`, else the head size.
    public var ropeDims: Int { rotaryDims ?? headSize }

    /// Query heads that share one key/value head.
    public var groupSize: Int { heads / kvHeads }
    /// The width of the concatenated heads: Q's and the output projection's input.
    public var attentionWidth: Int { heads * headSize }

    /// Whether layer `l` sees a sliding window of keys, and its size.
    public func window(layer l: Int) -> Int? {
        guard let w = slidingWindow, l < slidingLayers.count, slidingLayers[l] else { return nil }
        return w
    }

    public init(
        layers: Int, hiddenSize: Int, intermediateSize: Int, heads: Int, kvHeads: Int, contextLength: Int,
        ropeBase: Float, rmsEps: Float, vocabSize: Int, headSize: Int? = nil
    ) {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.heads = heads
        self.kvHeads = kvHeads
        self.headSize = headSize ?? (heads > 0 ? hiddenSize / heads : 0)
        self.contextLength = contextLength
        self.ropeBase = ropeBase
        self.rmsEps = rmsEps
        self.vocabSize = vocabSize
        self.queryScale = self.headSize > 0 ? 1 / Float(self.headSize).squareRoot() : 1
    }
}

/// The decoder blocks one forward serves: llama's (RMSNorm, RoPE, SwiGLU, no biases), the
/// families that vary it (Qwen 2's q/k/v biases, Qwen 3's and Gemma 3's q/k norms, Gemma's
/// scaled embedding, sandwich norms, GeGLU and sliding windows, Phi-3's fused q/k/v and
/// gate/up matrices), and GPT-2's (LayerNorm, learned
/// positions, tanh GELU, biases everywhere).
public enum DecoderArchitecture: String, Sendable, CaseIterable {
    case llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3, phi3, gpt2

    public var usesRoPE: Bool { self != .gpt2 }
    /// Qwen 3 and Gemma 3 normalize each head's q and k before RoPE.
    public var normsQueriesAndKeys: Bool { self == .qwen3 || self == .gemma3 }
    /// Gemma 2 and 3 norm the attention's and the MLP's outputs before each joins the residual.
    public var normsSublayerOutputs: Bool { self == .gemma2 || self == .gemma3 }
    /// Every Gemma: the embedding times √hidden, (1 + w) norms, GeGLU.
    public var isGemma: Bool { self == .gemma || self == .gemma2 || self == .gemma3 }
    /// What normalizes a block's input, as the explanation names it.
    public var norm: String { self == .gpt2 ? "LayerNorm" : "RMSNorm" }
    /// The biases its attention adds, as the inspector names them; nil for none.
    public var attentionBiases: String? {
        switch self {
        case .gpt2: return "b_q, b_k, b_v, b_o"
        case .qwen2: return "b_q, b_k, b_v"
        default: return nil
        }
    }
}
