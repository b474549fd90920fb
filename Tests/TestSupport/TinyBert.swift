import Decoders
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// A small random BERT folder made by the tests themselves: config.json, vocab.txt and
/// model.safetensors in F32, F16 or BF16, so no test needs a download.
public struct TinyBert: Sendable {
    public var layers = 2
    public var heads = 2
    public var hidden = 8
    public var intermediate = 16
    public var maxPositions = 40
    public var typeVocab = 2
    public var dtype: TensorDType = .f32
    /// "bert." as in BertForMaskedLM checkpoints, or "" as in BertModel ones.
    public var prefix = ""
    public var seed: UInt64 = 7
    /// Round the weights to `roundTo`'s precision but store them as `dtype` (F32 twins of F16 files).
    public var roundTo: TensorDType?

    public init() {}

    /// Word pieces that exercise every WordPiece rule: continuations, punctuation, CJK, accents.
    public static let vocabulary: [String] = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "the", "cat", "cats", "sat", "on", "mat", "a", "dog", "it", "was", "tired", "because", "animal", "street",
        "un", "##believ", "##able", "##ably", "##s", "##ing", "play", "##ed", "cafe", "de", "##ja", "vu", "naive",
        "resume", "hello", "world", "don", "t", "'", ",", ".", "!", "?", "(", ")", "-", "$", "%", "1", "2", "3", "##0",
        "猫", "好", "き", "か", "ünder", "Cat", "The", "Café",
    ]

    public var config: [String: Any] {
        [
            "model_type": "bert", "architectures": ["BertModel"], "hidden_size": hidden, "num_hidden_layers": layers,
            "num_attention_heads": heads, "intermediate_size": intermediate, "max_position_embeddings": maxPositions,
            "type_vocab_size": typeVocab, "vocab_size": TinyBert.vocabulary.count, "layer_norm_eps": 1e-12,
            "hidden_act": "gelu", "position_embedding_type": "absolute",
        ]
    }

    /// Every tensor of the encoder, by name (without prefix), with shape and values.
    public func tensors() -> [(name: String, shape: [Int], values: [Float])] {
        var g = SeededGenerator(seed: seed)
        func random(_ shape: [Int], scale: Float, offset: Float = 0) -> [Float] {
            (0..<shape.reduce(1, *)).map { _ in offset + scale * Float.random(in: -1...1, using: &g) }
        }
        let h = hidden
        let v = TinyBert.vocabulary.count
        var out: [(String, [Int], [Float])] = [
            ("embeddings.word_embeddings.weight", [v, h], random([v, h], scale: 1)),
            ("embeddings.position_embeddings.weight", [maxPositions, h], random([maxPositions, h], scale: 0.5)),
            ("embeddings.token_type_embeddings.weight", [typeVocab, h], random([typeVocab, h], scale: 0.5)),
            ("embeddings.LayerNorm.weight", [h], random([h], scale: 0.1, offset: 1)),
            ("embeddings.LayerNorm.bias", [h], random([h], scale: 0.1)),
        ]
        let w = 1.5 / Float(h).squareRoot()
        for l in 0..<layers {
            let p = "encoder.layer.\(l)."
            for (name, o, i) in [
                ("attention.self.query", h, h), ("attention.self.key", h, h), ("attention.self.value", h, h),
                ("attention.output.dense", h, h), ("intermediate.dense", intermediate, h),
                ("output.dense", h, intermediate),
            ] {
                out.append((p + name + ".weight", [o, i], random([o, i], scale: w)))
                out.append((p + name + ".bias", [o], random([o], scale: 0.2)))
            }
            for name in ["attention.output.LayerNorm", "output.LayerNorm"] {
                out.append((p + name + ".weight", [h], random([h], scale: 0.1, offset: 1)))
                out.append((p + name + ".bias", [h], random([h], scale: 0.1)))
            }
        }
        return out.map { t in (t.0, t.1, roundTo.map { r in t.2.map { TinyBert.round($0, to: r) } } ?? t.2) }
    }

    /// The value `f` becomes when stored as `dtype`.
    public static func round(_ f: Float, to dtype: TensorDType) -> Float {
        switch dtype {
        case .f16: return Float(Float16(f))
        case .bf16: return Float(bitPattern: UInt32(bfloatBits(f)) << 16)
        default: return f
        }
    }

    static func bfloatBits(_ f: Float) -> UInt16 {
        let b = f.bitPattern
        return UInt16((b &+ 0x7fff &+ ((b >> 16) & 1)) >> 16)
    }

    /// A safetensors file: header length, JSON header (offsets in order), little-endian data.
    public static func safetensors(
        _ tensors: [(name: String, shape: [Int], values: [Float])], dtype: TensorDType,
        prefix: String = "", extraHeader: String = ""
    ) -> [UInt8] {
        var data: [UInt8] = []
        var entries: [String] = []
        for t in tensors {
            let begin = data.count
            for f in t.values {
                switch dtype {
                case .f16: withUnsafeBytes(of: Float16(f).bitPattern.littleEndian) { data.append(contentsOf: $0) }
                case .bf16: withUnsafeBytes(of: bfloatBits(f).littleEndian) { data.append(contentsOf: $0) }
                default: withUnsafeBytes(of: f.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                }
            }
            entries.append(
                "\"\(prefix)\(t.name)\":{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(begin),\(data.count)]}"
            )
        }
        var header = "{\"__metadata__\":{\"format\":\"pt\"}," + extraHeader + entries.joined(separator: ",") + "}"
        while (8 + header.utf8.count) % 8 != 0 { header += " " }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header.utf8)
        return out + data
    }

    public func weightsFile() -> [UInt8] {
        TinyBert.safetensors(tensors(), dtype: dtype, prefix: prefix)
    }

    public func configJSON() -> Data {
        (try? JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])) ?? Data()
    }

    public static var vocabText: String { vocabulary.joined(separator: "\n") + "\n" }

    /// The model in memory, without touching the disk.
    public func model(name: String = "tiny-bert") throws -> EncoderModel {
        try EncoderModel(
            name: name, config: configJSON(), vocabulary: TinyBert.vocabText, tokenizerConfig: nil,
            weights: ModelBytes(copying: weightsFile()))
    }

    /// Writes the folder (created if needed) and returns its path.
    @discardableResult
    public func write(to dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try configJSON().write(to: URL(fileURLWithPath: dir + "/config.json"))
        try Data(TinyBert.vocabText.utf8).write(to: URL(fileURLWithPath: dir + "/vocab.txt"))
        try Data(weightsFile()).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        return dir
    }

    /// A tokenizer.json for the same vocabulary, as tokenizers writes one for BERT: BertNormalizer
    /// (or `normalizer`), BertPreTokenizer, WordPiece, [CLS] A [SEP].
    public static func tokenizerJSON(normalizer: [String: Any]? = nil) throws -> Data {
        var vocab: [String: Int] = [:]
        for (i, piece) in vocabulary.enumerated() { vocab[piece] = i }
        let cls = vocabulary.firstIndex(of: "[CLS]") ?? 0
        let sep = vocabulary.firstIndex(of: "[SEP]") ?? 0
        let object: [String: Any] = [
            "normalizer": normalizer
                ?? ["type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "lowercase": true],
            "pre_tokenizer": ["type": "BertPreTokenizer"],
            "model": ["type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "vocab": vocab],
            "post_processor": ["type": "BertProcessing", "cls": ["[CLS]", cls], "sep": ["[SEP]", sep]],
            "added_tokens": ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].enumerated().map { i, t in
                ["id": i, "content": t, "special": true] as [String: Any]
            },
        ]
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// A fresh folder under the system's temporary directory, made.
    public static func scratchFolder(_ tag: String) throws -> String {
        let dir = temporaryFolder(tag)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A fresh folder under the system's temporary directory.
    public static func temporaryFolder(_ tag: String) -> String {
        let dir = NSTemporaryDirectory() + "attnviz-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return dir
    }
}
