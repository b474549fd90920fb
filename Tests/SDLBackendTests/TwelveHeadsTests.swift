import AppShell
import AttentionCore
import Decoders
import Encoders
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import SDLBackend
@testable import VisualizerModel

/// What a 12-head model does at 1280×720 in the projector theme, measured with the real font:
/// every token labeled up to 24, numbers and tokens in the explanation whole, titles and status
/// sharing the header line.
@Suite("Twelve heads from the back row", .serialized)
struct TwelveHeadsTests {
    static let twelve = AttentionSettings(dModel: 48, heads: 12, seed: 42, mask: .none, positional: false)
    static let words =
        "the animal didn't cross the street because it was too tired and the road was long and very wide today".split(
            separator: " ")

    func state(_ view: ViewKind, tokens n: Int, _ r: HeadlessRenderer) -> AppState {
        let input = (0..<n).map { String(Self.words[$0 % Self.words.count]) }.joined(separator: " ")
        var s = AppState(input: input, settings: Self.twelve, viewport: Size(1280, 720), view: view, theme: .projector)
        s.textWidths = r.textWidths
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    @Test("the heatmaps view labels every one of 15–24 tokens beside 12 head tiles", arguments: [15, 19, 22, 24])
    func everyLabel(_ n: Int) throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        let s = state(.heatmaps, tokens: n, r)
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(!texts.contains { $0.contains("label") }, "\(n) tokens: labels thinned")
        // Each token is written twice on the summary: down the left and along the top.
        let tokens = try #require(s.trace?.tokens)
        for (i, t) in tokens.enumerated() {
            #expect(texts.filter { $0 == t }.count >= 2 * tokens.filter { $0 == t }.count, "token \(i + 1) '\(t)'")
        }
        let cut = TextFitTests.cutLabels(s, r, strict: true)
        #expect(cut.isEmpty, "\(n) tokens: \(cut.joined(separator: "; "))")
    }

    @Test("the explanation at 22+ keys cuts no number and no token; it says which keys it shows", arguments: [22, 30])
    func explainWhole(_ n: Int) throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        let s = state(.explain, tokens: n, r)
        let cut = TextFitTests.cutLabels(s, r, strict: true)
        #expect(cut.isEmpty, "\(n) keys: \(cut.joined(separator: "; "))")
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains { $0.hasPrefix("keys 1–") && $0.hasSuffix(" of \(n)") }, "\(texts)")
    }

    @Test("the model view of a 12-head model with a pair filter: title, formula and status all whole")
    func modelViewPairFilter() throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        var tiny = TinyBert()
        tiny.heads = 12
        tiny.hidden = 48
        tiny.layers = 6
        let model = try tiny.model()
        for filter in PairFilter.allCases {
            var s = AppState(
                input: "the cat sat on the mat ||| it was tired", viewport: Size(1280, 720), view: .model,
                theme: .projector, model: ModelSession(info: ModelInfo(model)))
            s.textWidths = r.textWidths
            s.model?.pairFilter = filter
            ModelRunner.settle(&s, model, effects: s.pendingEffects())
            _ = reduce(&s, .tick(seconds: 5))
            let cut = TextFitTests.cutLabels(s, r)
            #expect(cut.isEmpty, "\(filter): \(cut.joined(separator: "; "))")
        }
    }

    @Test("the inspector shows a 384-wide activation as the selected head's columns, its shape beside it")
    func inspectorSlices() throws {
        let wide = AttentionSettings(dModel: 384, heads: 12, seed: 42, mask: .none, positional: false)
        var s = AppState(
            input: "the animal didn't cross the street", settings: wide, viewport: Size(1280, 720), view: .inspector,
            theme: .projector)
        _ = reduce(&s, .keyPressed(.letterH, .control))
        _ = reduce(&s, .tick(seconds: 5))
        let trace = try #require(s.trace)
        let panels = inspectorPanels(trace, head: s.selection.head)
        let q = try #require(panels.first { $0.name == "Q" })
        #expect(q.matrix.cols == 32 && q.columnOffset == 32 * s.selection.head && q.fullColumns == 384)
        #expect(q.shape == "6×32 of 6×384")
        for j in 0..<32 { #expect(q.matrix[2, j] == trace.q[2, q.columnOffset + j]) }
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains { $0.hasPrefix("6×32 of 6×384") }, "\(texts)")
        // The square weights and the scores are whole.
        #expect(panels.first { $0.name.hasPrefix("weights") }?.fullColumns == nil)
    }
}
