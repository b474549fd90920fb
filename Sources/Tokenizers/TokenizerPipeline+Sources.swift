import AttentionCore
import Foundation
import ModelFormats

/// The sources that are not tokenizer.json, each expressed as the pipeline `tokenizers` would
/// build for it: BERT's vocab.txt, GPT-2's and RoBERTa's vocab.json + merges.txt.
extension TokenizerPipeline {
    /// vocab.txt as `BertWordPieceTokenizer` runs it: BertNormalizer (clean text, CJK spaced,
    /// lower case and accents as `options` say), BertPreTokenizer, WordPiece with "##" and
    /// [UNK], [CLS] A [SEP] (B [SEP]); [PAD] [UNK] [CLS] [SEP] [MASK] typed whole.
    public convenience init(vocabulary v: Vocabulary, options: TokenizerOptions) throws(ModelError) {
        let cls = PostProcessor.Piece.special(ids: [v.cls], tokens: ["[CLS]"], type: 0)
        let sep = PostProcessor.Piece.special(ids: [v.sep], tokens: ["[SEP]"], type: 0)
        let post = PostProcessor(
            single: [cls, .sequence(0, type: 0), sep],
            pair: [
                cls, .sequence(0, type: 0), sep, .sequence(1, type: 1),
                .special(ids: [v.sep], tokens: ["[SEP]"], type: 1),
            ]
        )
        let added = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { t in
            v.id(t).map { SpecialTokens.Token(text: t, id: $0) }
        }
        try self.init(
            normalizer: .bert(
                cleanText: true, chinese: options.splitCJK, stripAccents: options.stripAccents,
                lowercase: options.lowercase),
            preTokenizer: .bert, model: WordPieceModel(vocab: v.ids, unknown: v.unk), post: post, added: added,
            pieces: v.pieces, style: .plain)
    }
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
