import Foundation
import ModelFormats
import Tokenizers

/// The encoder families one block serves: the same attention and feed-forward, with their own
/// tensor names, position tables and extras.
public enum EncoderFamily: String, Sendable, CaseIterable {
    case bert
    /// RoBERTa, XLM-RoBERTa, CamemBERT: positions counted from padding_idx + 1.
    case roberta
    /// ELECTRA: embeddings narrower than the hidden size, projected up.
    case electra
    /// DistilBERT: its own tensor names, no token types.
    case distilbert
    /// MPNet: a relative-position bias added to every layer's scores, no token types.
    case mpnet

    /// config.json's model_type → family.
    public static func named(_ type: String) -> EncoderFamily? {
        switch type {
        case "bert": return .bert
        case "roberta", "xlm-roberta", "camembert": return .roberta
        case "electra": return .electra
        case "distilbert": return .distilbert
        case "mpnet": return .mpnet
        default: return nil
        }
    }
}

/// The parts of a Hugging Face `config.json` an encoder forward needs, checked to be runnable.
public struct EncoderConfig: Equatable, Sendable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    /// Rows of the position table (RoBERTa's 514 include the 2 it skips).
    public var maxPositions: Int
    /// 0 when the family has no token-type table (DistilBERT, MPNet).
    public var typeVocabSize: Int
    public var vocabSize: Int
    public var layerNormEps: Float
    public var family: EncoderFamily = .bert
    /// config.json's own name for the architecture ("xlm-roberta").
    public var modelType = "bert"
    /// The position of the first token: padding_idx + 1 for RoBERTa and MPNet.
    public var positionOffset = 0
    /// Width of the embedding table (ELECTRA's is narrower than the hidden size).
    public var embeddingSize: Int
    /// MPNet's relative-position buckets (0: none).
    public var relativeBuckets = 0

    public var headSize: Int { hiddenSize / heads }
    /// Tokens one input may have, [CLS] and [SEP] included.
    public var maxTokens: Int { maxPositions - positionOffset }

    public init(
        hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, maxPositions: Int,
        typeVocabSize: Int, vocabSize: Int, layerNormEps: Float = 1e-12
    ) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.typeVocabSize = typeVocabSize
        self.vocabSize = vocabSize
        self.layerNormEps = layerNormEps
        self.embeddingSize = hiddenSize
    }

    /// Sizes past these are no encoder a lecture runs live (bert-large is 1024 × 24 × 16).
    public enum Limits {
        public static let hidden = 4096
        public static let layers = 64
        public static let heads = 128
        public static let intermediate = 16384
        public static let positions = 8192
        public static let typeVocab = 64
        public static let vocab = 1_000_000
    }

    /// Parses config.json; anything but a runnable encoder is one line naming what is wrong.
    public static func parse(_ bytes: Data) throws(ModelError) -> EncoderConfig {
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw ModelError.config("not a JSON object")
            }
            object = o
        } catch let e as ModelError {
            throw e
        } catch {
            throw .config("not valid JSON")
        }
        guard let type = object["model_type"] as? String else {
            throw .config("no model_type (a BERT config says \"model_type\": \"bert\")")
        }
        guard let family = EncoderFamily.named(type) else {
            throw .config(
                "model_type '\(short(type))' is not supported; AttnViz runs bert, roberta, xlm-roberta, camembert, "
                    + "electra, distilbert and mpnet encoders, and llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3_text, "
                    + "phi3 and gpt2 decoders")
        }
        let f = ConfigFields(object: object)
        let distil = family == .distilbert
        let act = (object[distil ? "activation" : "hidden_act"] as? String) ?? "gelu"
        guard act == "gelu" else {
            throw .config("hidden_act '\(short(act))' is not supported (these encoders use gelu)")
        }
        if let pos = object["position_embedding_type"] as? String, pos != "absolute" {
            throw .config("position_embedding_type '\(short(pos))' is not supported (only absolute)")
        }
        if distil, object["sinusoidal_pos_embds"] as? Bool == true {
            throw .config("sinusoidal_pos_embds is not supported (DistilBERT's learned positions are)")
        }
        let hidden = try f.int(distil ? "dim" : "hidden_size", 1...Limits.hidden)
        let heads = try f.int(distil ? "n_heads" : "num_attention_heads", 1...Limits.heads)
        guard hidden % heads == 0 else {
            throw .config("hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)")
        }
        var c = EncoderConfig(
            hiddenSize: hidden,
            layers: try f.int(distil ? "n_layers" : "num_hidden_layers", 1...Limits.layers),
            heads: heads,
            intermediateSize: try f.int(distil ? "hidden_dim" : "intermediate_size", 1...Limits.intermediate),
            maxPositions: try f.int("max_position_embeddings", 1...Limits.positions),
            typeVocabSize: distil || family == .mpnet
                ? 0 : try f.int("type_vocab_size", 1...Limits.typeVocab, default: 2),
            vocabSize: try f.int("vocab_size", 1...Limits.vocab),
            layerNormEps: distil ? 1e-12 : try f.eps())
        c.family = family
        c.modelType = type
        if family == .roberta || family == .mpnet {
            // MPNet's padding_idx is 1 whatever pad_token_id says (transformers hard-codes it).
            c.positionOffset = family == .mpnet ? 2 : try f.int("pad_token_id", 0...Limits.positions, default: 1) + 1
            guard c.positionOffset < c.maxPositions else {
                throw .config("pad_token_id \(c.positionOffset - 1) leaves no room in \(c.maxPositions) positions")
            }
        }
        if family == .electra { c.embeddingSize = try f.int("embedding_size", 1...Limits.hidden, default: hidden) }
        if family == .mpnet { c.relativeBuckets = try f.int("relative_attention_num_buckets", 2...1024, default: 32) }
        return c
    }
}

/// config.json's numbers, each checked to be whole and in range.
package struct ConfigFields {
    let object: [String: Any]

    package init(object: [String: Any]) { self.object = object }

    package func int(_ key: String, _ range: ClosedRange<Int>, default value: Int? = nil) throws(ModelError) -> Int {
        guard let raw = object[key], !(raw is NSNull) else {
            if let v = value { return v }
            throw .config("missing \(key)")
        }
        guard let v = SafeTensorsIndex.integer(raw), range.contains(v) else {
            throw .config("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    package func eps() throws(ModelError) -> Float {
        guard let raw = object["layer_norm_eps"] else { return 1e-12 }
        guard let d = raw as? Double, d.isFinite, d >= 0, d < 1 else {
            throw .config("layer_norm_eps must be a small non-negative number")
        }
        return Float(d)
    }
}
