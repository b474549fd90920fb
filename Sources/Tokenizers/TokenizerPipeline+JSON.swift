import AttentionCore
import Foundation
import ModelFormats

extension TokenizerPipeline {
    /// A Hugging Face `tokenizer.json`, every component parsed and checked.
    public convenience init(json bytes: Data) throws(ModelError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: bytes) } catch {
            throw .tokenizer("tokenizer.json is not valid JSON")
        }
        let f = try JSONFields(object, "tokenizer.json")
        let normalizer = try Normalizer.parse(f.object["normalizer"])
        let preTokenizer = try PreTokenizerStep.parse(f.object["pre_tokenizer"])
        let model = try TokenizerModels.parse(f.object["model"])
        let post = try PostProcessor.parse(f.object["post_processor"])
        var added: [SpecialTokens.Token] = []
        for item in (f.object["added_tokens"] as? [Any]) ?? [] {
            let a = try JSONFields(item, "an added token")
            let text = try a.string("content")
            guard !text.isEmpty else { continue }
            let id = try a.int("id")
            guard (0..<Self.maxPieces).contains(id) else {
                throw .tokenizer(
                    "the added token '\(shortened(text, limit: 30))' has the id \(id), outside 0 to \(Self.maxPieces - 1)"
                )
            }
            added.append(
                SpecialTokens.Token(
                    text: text, id: id, leftStrip: try a.bool("lstrip", default: false),
                    rightStrip: try a.bool("rstrip", default: false)))
        }
        try self.init(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model, post: post, added: added,
            style: TokenizerPipeline.style(preTokenizer, f.object["decoder"]))
    }
}
