import Foundation

/// How an encoder's folder turns text into pieces: BERT's own WordPiece rules from vocab.txt, or
/// whatever tokenizer.json (or vocab.json + merges.txt) describes.
public enum EncoderTokenizer: Sendable {
    case wordPiece(WordPieceTokenizer)
    case pipeline(TokenizerPipeline)

    public func encode(_ text: String) -> Encoding {
        switch self {
        case .wordPiece(let t): return t.encode(text)
        case .pipeline(let t): return t.encode(text)
        }
    }

    /// The largest token type id of a single text and of a sentence pair.
    public var largestTypeID: (single: Int, pair: Int) {
        switch self {
        case .wordPiece: return (0, 1)
        case .pipeline(let t): return t.largestTypeID
        }
    }

    /// Pieces the vocabulary holds.
    public var count: Int {
        switch self {
        case .wordPiece(let t): return t.vocabulary.count
        case .pipeline(let t): return t.count
        }
    }
}

extension TokenizerPipeline {
    /// GPT-2's and RoBERTa's older files: vocab.json (piece → id) and merges.txt (a "#version"
    /// line, then one merge a line), byte-level; `roberta` adds <s> … </s> around the text;
    /// `maskLeftStrip`: <mask> swallows the spaces before it (tokenizer_config.json's mask_token).
    public convenience init(
        vocabJSON: Data, merges: String, roberta: Bool, prefixSpace: Bool, maskLeftStrip: Bool = false
    ) throws(ModelError) {
        let vocab: Any
        do { vocab = try JSONSerialization.jsonObject(with: vocabJSON) } catch {
            throw .tokenizer("vocab.json is not valid JSON")
        }
        guard let pieces = vocab as? [String: Any] else {
            throw .tokenizer("vocab.json is not an object of piece → id")
        }
        let lines = merges.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
            .map(String.init).filter { !$0.hasPrefix("#version") }
        var added: [[String: Any]] = []
        for special in ["<s>", "</s>", "<pad>", "<unk>", "<mask>", "<|endoftext|>"] {
            if let id = pieces[special] {
                added.append(["id": id, "content": special, "lstrip": special == "<mask>" && maskLeftStrip])
            }
        }
        var object: [String: Any] = [
            "model": ["type": "BPE", "vocab": pieces, "merges": lines],
            "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": prefixSpace, "use_regex": true],
            "added_tokens": added,
        ]
        if roberta, let cls = pieces["<s>"], let sep = pieces["</s>"] {
            object["post_processor"] = ["type": "RobertaProcessing", "cls": ["<s>", cls], "sep": ["</s>", sep]]
        }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            throw .tokenizer("vocab.json and merges.txt do not make a tokenizer")
        }
        try self.init(json: data)
    }
}
