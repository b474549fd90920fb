import AttentionCore
import Testing
import VisualizerModel

/// A cue file is held to the limits the flags enforce, on every cue's accumulated input and
/// settings: refused with FILE:LINE, never rendered with a warning in the frame.
@Suite("Cue limits")
struct CueLimitsTests {
    static let words5000 = Array(repeating: "word", count: 5000).joined(separator: " ")
    static let words2000 = Array(repeating: "word", count: 2000).joined(separator: " ")

    @Test(
        "within the limits, cues pass (the opening input counts; a query on what is there)",
        arguments: [
            "[cue] a\nquery: 4\n",  // the opening input has 4 tokens
            "[cue] a\ninput: one two three\nquery: 3\nkey: 1\n",
            "[cue] a\ninput: \(words2000)\n[cue] b\ntype: \(words2000)\n",
            "[cue] a\ninput:\ntype: anything at all\n",
            "[cue] a\nmode: numbers\ninput: cat\n",  // shown as a message in the frame, as in the window
        ])
    func accepted(_ text: String) {
        let opening = CueScript.Opening(text: "one two three four", mode: .words)
        let result = CueScript.parse(text, name: "talk.cues", base: .lecture, opening: opening)
        if case .failure(let p) = result { Issue.record("refused: \(p.description.prefix(200))") }
    }

    @Test("a trained model's own limits apply to its cues, and the toy's come back with model: none")
    func trainedModel() {
        // A model of 2 layers × 2 heads that reads at most 10 tokens (one per word, plus 2 specials).
        let tokens: CueScript.ModelTokens = { key, text in
            let n = text.split(separator: " ").count + 2
            guard n <= 10 else {
                return .failure(
                    CueScript.ModelUnavailable(reason: "\(n) word pieces, the model reads 10 (\(key ?? "-"))"))
            }
            return .success(n as Int?)
        }
        let load: (String) -> Result<CueScript.ModelShape, CueScript.ModelUnavailable> = { _ in .success((2, 2, false))
        }
        func parse(_ text: String) -> Result<CueScript, CueScript.Problem> {
            CueScript.parse(
                text, name: "m.cues", base: .lecture, trainedModel: (2, 2, false), loadModel: load,
                opening: CueScript.Opening(text: "a b"), modelTokens: tokens)
        }
        let long = "[cue] a\ninput: one two three four five six seven eight nine\n"
        guard case .failure(let p) = parse(long) else {
            Issue.record("the model read 11 tokens")
            return
        }
        #expect(p.line == 2 && p.message.contains("11 word pieces, the model reads 10 (-)"), "\(p)")
        // Through a model: key, the key reaches the closure.
        guard case .failure(let q) = parse("[cue] a\nmodel: other\n" + long.dropFirst(8)) else {
            Issue.record("the other model read 11 tokens")
            return
        }
        #expect(q.message.contains("(other)"), "\(q)")
        // Counted with the specials: "a b" is 4 tokens to this model.
        #expect((try? parse("[cue] a\nquery: 4\n").get()) != nil)
        guard case .failure(let r) = parse("[cue] a\nquery: 5\n") else {
            Issue.record("query 5 of 4 accepted")
            return
        }
        #expect(r.message == "query 5: the input has 4 tokens when this cue starts", "\(r)")
        // Back on the seeded engine the words are tokens again: 9 words are fine.
        #expect((try? parse("[cue] a\nmodel: none\n" + long.dropFirst(8)).get()) != nil)
    }
}
