import AppShell
import Decoders
import Encoders
import Foundation
import ModelFormats
import ModelLoading
import TestSupport
import Testing
import Tokenizers

@testable import VisualizerModel

/// Badges, legends and messages name the special tokens as the model's tokenizer does: a
/// RoBERTa or MPNet user sees <s> and </s> on the tiles, as in the token row, not BERT's names.
@Suite("Special token names")
struct SpecialNamesTests {
    @Test("the names are read off the tokens: [CLS]/[SEP] for BERT, <s>/</s> for RoBERTa and MPNet")
    func names() {
        #expect(HeadPattern.SpecialNames(tokens: ["[CLS]", "a", "[SEP]"]) == .bert)
        #expect(
            HeadPattern.SpecialNames(tokens: ["<s>", "</s>"]) == HeadPattern.SpecialNames(start: "<s>", end: "</s>"))
        #expect(HeadPattern.cls.badge(HeadPattern.SpecialNames(tokens: ["<s>", "</s>"])) == "<s>")
        #expect(HeadPattern.sep.meaning(HeadPattern.SpecialNames(tokens: ["<s>", "</s>"])).contains("</s>"))
        #expect(HeadPattern.previous.badge(.bert) == "prev")
    }

    @Test("a RoBERTa model's view, legend and Ctrl+D message say <s> and </s>, never [CLS] or [SEP]")
    func robertaView() throws {
        let (folder, _) = try HuggingFace.model("roberta", [])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try ModelLoader.load(folder).get()
        var s = AppState(
            input: "the cat sat on the mat", view: .model, model: ModelSession(info: ModelInfo(model)))
        #expect(s.specialNames == HeadPattern.SpecialNames(start: "<s>", end: "</s>"))
        ModelRunner.settle(&s, model, effects: s.pendingEffects())
        _ = reduce(&s, .tick(seconds: 5))
        ModelRunner.settle(&s, model, effects: reduce(&s, .keyPressed(.letterD, .control)))
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains { $0.contains("<s>") && $0.contains("</s>") }, "\(texts)")
        #expect(!texts.contains { $0.contains("[CLS]") || $0.contains("[SEP]") }, "\(texts)")
        #expect(s.message?.text.contains("<s> and </s> hidden") == true, "\(String(describing: s.message))")
    }
}
