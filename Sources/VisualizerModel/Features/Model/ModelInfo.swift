import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// What the app knows of the trained model on screen; the model itself lives in the shell.
public struct ModelInfo: Equatable, Sendable {
    public var name: String
    /// Which loaded model this is (its folder), when a lecture switches between several.
    public var key: String = ""
    public var layers: Int
    public var heads: Int
    public var hidden: Int
    public var maxTokens: Int

    public init(name: String, layers: Int, heads: Int, hidden: Int, maxTokens: Int) {
        self.name = name
        self.layers = layers
        self.heads = heads
        self.hidden = hidden
        self.maxTokens = maxTokens
    }

    /// Query heads per key/value head (1 for an encoder): heads h and h+1 share one when
    /// they are in the same group.
    public var groupSize: Int = 1
    /// Each head's width: hidden / heads, or what a decoder's file says (Gemma 3: 256 beside 640).
    public var headSize: Int { explicitHeadSize ?? hidden / max(1, heads) }
    var explicitHeadSize: Int?
    /// A decoder's block (llama's or GPT-2's), nil for an encoder: whether Q and K are rotated by
    /// position, what normalizes each block's input, whether it has biases.
    public var decoderBlock: DecoderArchitecture?
    /// A decoder writes: it has next-token guesses, and its attention is causal.
    public var isDecoder: Bool { decoderBlock != nil }
    /// What an encoder's tokenizer calls its first and closing tokens ([CLS]/[SEP], <s>/</s>).
    public var specialNames = HeadPattern.SpecialNames.bert

    public init(_ model: TrainedModel, key: String = "") {
        self.init(
            name: model.name, layers: model.layers, heads: model.heads, hidden: model.hidden, maxTokens: model.maxTokens
        )
        self.key = key
        self.groupSize = max(1, model.heads / max(1, model.kvHeads))
        switch model {
        case .decoder(let d):
            decoderBlock = d.config.architecture
            explicitHeadSize = d.config.headSize
        case .encoder(let e): specialNames = HeadPattern.SpecialNames(tokens: e.tokenizer.encode("").tokens)
        }
    }
}

extension ModelInfo {
    public init(_ model: EncoderModel, key: String = "") { self.init(TrainedModel.encoder(model), key: key) }
}
