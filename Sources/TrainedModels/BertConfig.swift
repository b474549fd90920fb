import Foundation

/// The parts of a Hugging Face `config.json` a BERT forward needs, checked to be runnable.
public struct BertConfig: Equatable, Sendable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabSize: Int
    public var vocabSize: Int
    public var layerNormEps: Float

    public var headSize: Int { hiddenSize / heads }

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
    }

    /// Sizes past these are no BERT a lecture runs live (bert-large is 1024 × 24 × 16).
    public enum Limits {
        public static let hidden = 4096
        public static let layers = 64
        public static let heads = 128
        public static let intermediate = 16384
        public static let positions = 8192
        public static let typeVocab = 64
        public static let vocab = 1_000_000
    }

    /// Parses config.json; anything but a runnable BERT is one line naming what is wrong.
    public static func parse(_ bytes: Data) throws(ModelError) -> BertConfig {
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
        guard type == "bert" else {
            throw .config(
                "model_type '\(short(type))' is not supported; AttnViz runs BERT models (model_type \"bert\")")
        }
        if let act = object["hidden_act"] as? String, act != "gelu" {
            throw .config("hidden_act '\(short(act))' is not supported (BERT uses gelu)")
        }
        if let pos = object["position_embedding_type"] as? String, pos != "absolute" {
            throw .config("position_embedding_type '\(short(pos))' is not supported (only absolute)")
        }
        func int(_ key: String, _ range: ClosedRange<Int>, default value: Int? = nil) throws(ModelError) -> Int {
            guard let raw = object[key] else {
                if let v = value { return v }
                throw .config("missing \(key)")
            }
            guard let v = SafeTensorsIndex.integer(raw), range.contains(v) else {
                throw .config("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return v
        }
        let hidden = try int("hidden_size", 1...Limits.hidden)
        let heads = try int("num_attention_heads", 1...Limits.heads)
        guard hidden % heads == 0 else {
            throw .config("hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)")
        }
        var eps: Float = 1e-12
        if let raw = object["layer_norm_eps"] {
            guard let d = raw as? Double, d.isFinite, d >= 0, d < 1 else {
                throw .config("layer_norm_eps must be a small non-negative number")
            }
            eps = Float(d)
        }
        return BertConfig(
            hiddenSize: hidden,
            layers: try int("num_hidden_layers", 1...Limits.layers),
            heads: heads,
            intermediateSize: try int("intermediate_size", 1...Limits.intermediate),
            maxPositions: try int("max_position_embeddings", 1...Limits.positions),
            typeVocabSize: try int("type_vocab_size", 1...Limits.typeVocab, default: 2),
            vocabSize: try int("vocab_size", 1...Limits.vocab),
            layerNormEps: eps)
    }
}

/// How text becomes word pieces: `tokenizer_config.json`'s switches, with BERT's defaults.
public struct TokenizerOptions: Equatable, Sendable {
    public var lowercase: Bool
    /// nil follows `lowercase`, as in BERT's BasicTokenizer.
    public var stripAccents: Bool?
    public var splitCJK: Bool

    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitCJK: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.splitCJK = splitCJK
    }

    /// From tokenizer_config.json if there is one; without it, uncased unless the folder says cased.
    public static func parse(_ bytes: Data?, folderName: String) -> TokenizerOptions {
        var o = TokenizerOptions(lowercase: !folderName.lowercased().contains("-cased"))
        guard let bytes, let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
            return o
        }
        if let v = object["do_lower_case"] as? Bool { o.lowercase = v }
        if let v = object["strip_accents"] as? Bool { o.stripAccents = v }
        if let v = object["tokenize_chinese_chars"] as? Bool { o.splitCJK = v }
        return o
    }
}
