import AppShell
import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import VisualizerModel

/// SmolLM2 behind the app, every request answered inline as `render` does: the next-token
/// panel, Tab, Ctrl+Enter writing at its pace, Ctrl+T's temperature, any key stopping.
@Suite("Decoder session")
struct DecoderSessionTests {
    /// Loaded once; a missing file fails each test that needs it with the reason (it used to be
    /// a fatalError that ended the whole run).
    static let loaded: Result<TrainedModel, Python.Failure> = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: Decoders.smolLM2))) ?? Data()
        guard let m = try? DecoderModel(name: "SmolLM2", bytes: ModelBytes(copying: [UInt8](data))) else {
            return .failure(
                Python.Failure(description: "SmolLM2 did not load from \(Decoders.smolLM2): run make model-llm"))
        }
        return .success(.decoder(m))
    }()

    static func model() throws -> TrainedModel { try loaded.get() }

    @discardableResult
    static func send(_ s: inout AppState, _ a: Action) throws -> [Effect] {
        ModelRunner.settle(&s, models: [:], fallback: try model(), effects: reduce(&s, a))
    }

    static func opened(_ input: String = "The capital of France is") throws -> AppState {
        let model = try model()
        var s = AppState(input: input, view: .heatmaps, model: ModelSession(info: ModelInfo(model)))
        ModelRunner.settle(&s, models: [:], fallback: model, effects: s.pendingEffects())
        try send(&s, .tick(seconds: 5))
        return s
    }

    @Test("the panel holds the model's top 10 after the last token, the heatmaps its causal maps")
    func panel() throws {
        let s = try Self.opened()
        let bars = try #require(s.model?.output?.nextTokens)
        #expect(bars.count == 10 && bars[0].text == "␣Paris" && bars[0].probability > 0.5)
        #expect(zip(bars, bars.dropFirst()).allSatisfyNonEmpty { $0.probability >= $1.probability })
        let trace = try #require(s.trace)
        #expect(trace.settings.mask.causal && trace.tokens.count == 5)
        for i in 0..<5 { for j in (i + 1)..<5 { #expect(trace.average[i, j] == 0) } }
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains("next token") && texts.contains("␣Paris") && texts.contains("5 tokens"))
    }

    static func texts(_ s: AppState) -> [String] {
        scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
    }

    @Test("while the first answer is on its way the window says so, not '0 tokens' and 'Type a sequence'")
    func waiting() throws {
        let model = try Self.model()
        let s = AppState(
            input: "The capital of France is", view: .heatmaps, model: ModelSession(info: ModelInfo(model)))
        let texts = Self.texts(s)
        #expect(texts.contains { $0.contains("is reading the input") }, "\(texts)")
        #expect(texts.contains("computing…") && !texts.contains { $0.contains("0 tokens") || $0.hasPrefix("Type a") })
    }

    @Test("stepping back to a cue where the model wrote shows what it wrote then, without writing again")
    func stepBack() throws {
        var s = try Self.opened()
        let text = "[cue] a\ninput: The capital of France is\n[cue] b\ngenerate: 3\n[cue] c\ncaption: later\n"
        guard case .success(let script) = CueScript.parse(text, name: "t", base: .lecture, trainedModel: (30, 9, true))
        else {
            Issue.record("the lecture did not parse")
            return
        }
        s.load(cues: script)
        try Self.send(&s, .goToCue(0))
        try Self.send(&s, .goToCue(1))
        for _ in 0..<6 { try Self.send(&s, .tick(seconds: GenerationState.pace)) }
        let written = s.input.text
        #expect(written.hasPrefix("The capital of France is") && written.count > 24 && s.generation.remaining == 0)
        try Self.send(&s, .goToCue(2))
        try Self.send(&s, .goToCue(1))
        #expect(s.input.text == written && s.generation.remaining == 0, "\(s.input.text.debugDescription)")
        for _ in 0..<4 { try Self.send(&s, .tick(seconds: GenerationState.pace)) }
        #expect(s.input.text == written)
    }

    @Test("a line break the model wrote shows in the input line as ↵, not as a blank")
    func writtenNewlines() {
        var s = AppState(input: "x")
        s.input.text = "Paris.\n\nThe"
        #expect(Self.texts(s).contains { $0.hasPrefix("▸ Paris.↵↵The") })
    }

    @Test("greedy shows what it does: the top token 100 %, the rest 0, the model's own chance written above")
    func greedyTruth() throws {
        let s = try Self.opened()
        #expect(s.generation.sampling.isGreedy)
        let bars = try #require(s.model?.output?.nextTokens)
        #expect(bars[0].probability == 1 && bars.dropFirst().allSatisfyNonEmpty { $0.probability == 0 })
        #expect(bars[0].modelProbability > 0.5 && bars[1].modelProbability > 0)
        #expect(Self.texts(s).contains("greedy · T 1 gave \(formatPercent(bars[0].modelProbability))"))
        #expect(Self.texts(s).contains("100%"))
    }

    @Test("Tab takes the top token; Ctrl+T steps the sampling temperature and reshapes the bars")
    func tabAndTemperature() throws {
        var s = try Self.opened()
        try Self.send(&s, .keyPressed(.tab, []))
        try Self.send(&s, .tick(seconds: 1))
        #expect(s.input.text == "The capital of France is Paris" && s.view == .heatmaps)
        let greedy = try #require(s.model?.output?.nextTokens)
        for _ in 0..<4 { try Self.send(&s, .keyPressed(.letterT, .control)) }
        #expect(s.generation.sampling.temperature == 1.5)
        let hot = try #require(s.model?.output?.nextTokens)
        #expect(hot[0].id == greedy[0].id && hot[0].probability < greedy[0].probability)
        // Where the probability went: the bars name "all others", and it holds most of it at T 1.5.
        let shown = hot.reduce(0) { $0 + $1.probability }
        #expect(
            shown < 0.999 && Self.texts(s).contains("all others") && Self.texts(s).contains(formatPercent(1 - shown)))
        #expect(Self.texts(s).contains("T 1.5 · outlines: T 1"))
        try Self.send(&s, .keyPressed(.letterT, [.control, .shift]))
        #expect(s.generation.sampling.temperature == 1)
    }

    @Test("Ctrl+Enter writes one token per pace, greedy as generate writes it; a key stops it")
    func writing() throws {
        var s = try Self.opened()
        try Self.send(&s, .keyPressed(.enter, .control))
        #expect(s.generation.remaining == 15 && s.input.text == "The capital of France is Paris")
        // The next token waits until the new row has grown in.
        try Self.send(&s, .tick(seconds: GenerationState.pace / 2))
        #expect(s.input.text == "The capital of France is Paris")
        try Self.send(&s, .tick(seconds: GenerationState.pace))
        #expect(s.input.text == "The capital of France is Paris.")
        for _ in 0..<3 { try Self.send(&s, .tick(seconds: GenerationState.pace)) }
        let written = s.input.text
        #expect(s.generation.remaining == 11)
        try Self.send(&s, .keyPressed(.f2, []))
        #expect(s.generation.remaining == 0)
        for _ in 0..<3 { try Self.send(&s, .tick(seconds: GenerationState.pace)) }
        #expect(s.input.text == written)
        // A typed key (Space) stops it too before it types: writing does not go on after it.
        try Self.send(&s, .keyPressed(.enter, .control))
        #expect(s.generation.remaining > 0)
        let before = s.input.text
        try Self.send(&s, .textTyped(" "))
        #expect(s.generation.remaining == 0 && s.input.text == before + " ", "\(s.input.text.debugDescription)")
        for _ in 0..<3 { try Self.send(&s, .tick(seconds: GenerationState.pace)) }
        #expect(s.input.text == before + " ")
        // The same words the command line's greedy generation writes.
        guard case .decoder(let m) = try Self.model() else { return }
        var state = m.forward(try m.encode("The capital of France is").get())
        var ids: [Int] = []
        for step in 0..<5 {
            let id = NextToken.choose(state.logits, sampling: Sampling(), seed: 0, step: step)
            ids.append(id)
            m.append([id], to: &state)
        }
        #expect(written == "The capital of France is" + m.tokenizer.decode(ids))
    }
}

@Suite("Decoder model view")
struct DecoderModelViewTests {
    @Test("30 layers page 10 at a time around the inspected layer; heads group under their key/value head")
    func pages() throws {
        var s = try DecoderSessionTests.opened("The cat sat on the mat because it was tired")
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        let m = LayoutMetrics(s)
        let content = ChromeLayout(s, metrics: m).content
        let layout = try #require(modelLayout(s, content, m))
        #expect(layout.firstLayer == 0 && layout.tiles.count == 10 && layout.groupSize == 3)
        #expect(layout.tiles[0].allSatisfyNonEmpty { $0.width >= 28 })
        // A group's heads are closer to each other than to the next group.
        let h = layout.tiles[0]
        #expect(h[5].x - h[4].maxX > h[4].x - h[3].maxX)
        for _ in 0..<13 { try DecoderSessionTests.send(&s, .keyPressed(.down, [])) }
        let paged = try #require(modelLayout(s, content, m))
        #expect(s.model?.layer == 13 && paged.firstLayer == 10)
        let hit = try #require(paged.tile(at: paged.tiles[3][2].center))
        #expect(hit.layer == 13 && hit.tile == .head(0))
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        // Whole where it fits; "of 30" goes where the column is narrow (the title says 30 layers).
        #expect(
            (texts.contains("11–20 of 30") || texts.contains("11–20")) && texts.contains("kv 3")
                && texts.contains("sink"))
    }
}

@Suite("Logit lens")
struct LogitLensTests {
    @Test("Ctrl+L reads every second layer at the last 10 positions; its last row is the model's own guess")
    func lens() throws {
        var s = try DecoderSessionTests.opened("The Eiffel Tower is in the city of")
        #expect(s.model?.output?.lens == nil)
        try DecoderSessionTests.send(&s, .keyPressed(.letterL, .control))
        #expect(s.view == .lens)
        let lens = try #require(s.model?.output?.lens)
        #expect(lens.layers == Array(stride(from: 1, through: 29, by: 2)) && lens.positions == Array(0..<9))
        let top = try #require(s.model?.output?.nextTokens?.first)
        let guess = try #require(lens.cells.last?.last)
        #expect(
            guess.id == top.id && guess.text == "␣Paris" && abs(Double(guess.probability) - top.modelProbability) < 1e-4
        )
        #expect(
            lens.cells.allSatisfyNonEmpty {
                $0.count == 9 && $0.allSatisfyNonEmpty { (0...1).contains($0.probability) }
            })
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains("after ␣of") && texts.contains("layer 30"))
    }
}
