import AppShell
import AttentionCore
import Decoders
import Foundation
import ModelFormats
import ModelLoading
import TestSupport
import Testing

@testable import VisualizerModel

/// Gemma 3 270M behind the app: its heads are 256 wide beside a residual of 640, its scores are
/// divided by √256, and each head's q and k are normed before RoPE. The views must say so.
@Suite("Gemma 3 in the views")
struct GemmaViewsTests {
    static func opened(view: ViewKind) throws -> AppState {
        let model = TrainedModel.decoder(try GGUFModelFile.load(Decoders.gemma3).get())
        var s = AppState(input: "The capital of France is", view: view, model: ModelSession(info: ModelInfo(model)))
        ModelRunner.settle(&s, models: [:], fallback: model, effects: s.pendingEffects())
        ModelRunner.settle(&s, models: [:], fallback: model, effects: reduce(&s, .tick(seconds: 5)))
        return s
    }

    @Test("the header's d_k is the file's head size (256), not hidden / heads (160)")
    func headSize() throws {
        let s = try Self.opened(view: .heatmaps)
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains { $0.contains("d_k 256") } && !texts.contains { $0.contains("d_k 160") }, "\(texts)")
        #expect(s.trace?.dK == 256)
    }

    @Test("the explanation divides by √256 and its sum over the 256 products gives the score shown")
    func explanation() throws {
        let s = try Self.opened(view: .explain)
        let trace = try #require(s.trace)
        let ex = try #require(Explanation(trace: trace, query: 4, key: 1, head: 0))
        #expect(ex.q.count == 256 && ex.divisor == 16)
        #expect(abs(ex.dot / ex.divisor - ex.score) <= 1e-3 * max(1, abs(ex.score)))
    }

    @Test("the inspector names the per-head q/k norms and the 4 query heads sharing one key/value head")
    func inspector() throws {
        let s = try Self.opened(view: .inspector)
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains { $0.contains("q and k RMS-normed per head") && $0.contains("one kv head per 4 heads") })
        #expect(texts.contains { $0.hasPrefix("Q") && $0.contains("norm") } && texts.contains("X = RMSNorm(x)"))
    }

    @Test("Gemma 2's window is a band in the mask, and its soft cap is in the formulas")
    func windowAndCap() throws {
        let (folder, _) = try HuggingFace.model("gemma2", ["x"])
        guard case .decoder(let d) = try ModelLoader.load(folder).get() else {
            Issue.record("gemma2 did not load")
            return
        }
        let model = TrainedModel.decoder(d)
        for view in [ViewKind.heatmaps, .explain] {
            var s = AppState(input: "the cat sat on the mat", view: view, model: ModelSession(info: ModelInfo(model)))
            ModelRunner.settle(&s, models: [:], fallback: model, effects: s.pendingEffects())
            ModelRunner.settle(&s, models: [:], fallback: model, effects: reduce(&s, .tick(seconds: 5)))
            let trace = try #require(s.trace)
            #expect(trace.settings.mask.window == 4 && trace.tokenCount > 5)
            #expect(trace.isMasked(query: 5, key: 1) && !trace.isMasked(query: 5, key: 2))
            let texts = DecoderSessionTests.texts(s)
            #expect(texts.contains { $0.contains("5·tanh(") }, "\(view): \(texts)")
        }
    }
}

/// Issue 29 A.11: the explanation shows the terms that make the sum, and a decoder opens on a
/// query with something to explain.
@Suite("Explanation of a trained decoder")
struct DecoderExplanationTests {
    @Test("SmolLM2 opens on its last query; the products shown are the largest, the rest summed beside them")
    func largestTerms() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.f5, []))
        let trace = try #require(s.trace)
        #expect(s.selection.query == trace.tokenCount - 1, "not the first query, whose only weight is 1.00")
        let ex = try #require(
            Explanation(trace: trace, query: s.selection.query, key: s.selection.key, head: s.selection.head))
        let page = ExplainPage(
            state: s, trace: trace, ex: ex, content: Rect(x: 0, y: 90, width: 1280, height: 590),
            m: LayoutMetrics(s))
        let shown = Set(page.columns)
        let smallestShown = shown.map { abs(ex.products[$0]) }.min() ?? 0
        #expect(
            shown.count == 12
                && ex.products.indices.allSatisfy { shown.contains($0) || abs(ex.products[$0]) <= smallestShown })
        let rest = ex.products.count - shown.count
        let texts = DecoderSessionTests.texts(s)
        // "+ 52 smaller (5.46) = 21.59": the sum written last is Σ, to the digits shown.
        let line = texts.first { $0.hasPrefix("+ \(rest) ") }
        let written = line.flatMap { $0.components(separatedBy: "= ").last }.flatMap { Float($0) }
        #expect(written.map { abs($0 - ex.dot) < 0.06 } == true, "\(line ?? "no '+ \(rest) …' line")")
    }
}

/// Issue 29 A.4: the model view uses the width, its labels are 14 px or more, and no badge covers
/// a tile's rows (the last query's row, where induction stripes show).
@Suite("Model view legibility")
struct ModelViewLegibilityTests {
    @Test(
        "SmolLM2 at 1280×720, projector: every text ≥ 14 px, badges beside the tiles, the grid wider than half the screen"
    )
    func badgesBeside() throws {
        var s = try DecoderSessionTests.opened()
        s.theme = .projector
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        let m = LayoutMetrics(s)
        let layout = try #require(modelLayout(s, ChromeLayout(s, metrics: m).content, m))
        let tiles = layout.tiles.flatMap { $0 }
        let texts = scene(s).compactMap { c -> TextItem? in
            if case .text(let t) = c { return t }
            return nil
        }
        #expect(texts.allSatisfy { $0.size >= 14 }, "\(texts.filter { $0.size < 14 }.map { ($0.string, $0.size) })")
        let badges = texts.filter { ["sink", "prev", "next", "self", "punct", "broad"].contains($0.string) }
        #expect(!badges.isEmpty)
        #expect(badges.allSatisfy { b in !tiles.contains { $0.contains(b.position) } }, "a badge covers a tile")
        let kv = texts.filter { $0.string.hasPrefix("kv ") }
        #expect(kv.count == 3)
        let left = tiles.map(\.x).min() ?? 0
        let right = tiles.map(\.maxX).max() ?? 0
        #expect(right - left > 1280 / 2, "the grid spans \(right - left) px of 1280")
    }
}

/// Issue 29 A.10: the inspector shows grouped keys and values as they are.
@Suite("Inspector of a grouped-query decoder")
struct GroupedInspectorTests {
    @Test(
        "SmolLM2: W_k and W_v are 576×192 with the head's kv group named, weights clipped at a percentile, readable rows"
    )
    func trueShapes() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.f4, []))
        let trace = try #require(s.trace)
        let panels = inspectorPanels(trace, head: 4, decoder: .llama, group: 3)
        let wk = try #require(panels.first { $0.name == "W_k" })
        #expect(wk.matrix.rows == 576 && wk.matrix.cols == 192)
        #expect(wk.highlightColumns == 64..<128, "head 5 reads key/value head 2")
        #expect(wk.formulas.first == "W_k · kv 2: heads 4–6")
        let m = LayoutMetrics(s)
        let content = ChromeLayout(s, metrics: m).content.splitBottom(m.small * 1.6).1
        let shown = inspectorPanels(trace, head: 0, decoder: .llama, group: 3)
        let layout = InspectorLayout(content: content, panels: shown, metrics: m)
        for (panel, slot) in zip(shown, layout.slots) where ["X", "Q", "K", "V", "concat"].contains(panel.name) {
            #expect(
                slot.grid.height / Float(slot.rows) >= 14,
                "\(panel.name): rows \(slot.grid.height / Float(slot.rows)) px")
        }
        let texts = DecoderSessionTests.texts(s)
        #expect(
            texts.contains { $0.contains("(99th pct)") }
                || percentile99(wk.matrix).map { $0 < wk.matrix.range.1 } == true)
        #expect(texts.contains { $0.contains("one key/value head for every 3 query heads") })
    }
}

/// Issue 29 B.4: the induction preset and each head's induction score in the model view.
@Suite("Induction heads")
struct InductionHeadTests {
    @Test("Ctrl+I types 20 seeded words twice; the model view names SmolLM2's induction heads with their scores")
    func preset() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.letterI, .control))
        #expect(s.input.text == RepeatPreset.text(count: 20))
        let words = s.input.text.split(separator: " ")
        #expect(words.count == 40 && Array(words.prefix(20)) == Array(words.suffix(20)))
        try DecoderSessionTests.send(&s, .tick(seconds: 5))
        let scores = try #require(s.model?.output?.headScores)
        // The same numbers as the decoder's own (which `dump` writes and numpy checks).
        guard case .decoder(let model) = try DecoderSessionTests.model() else {
            Issue.record("SmolLM2 is not a decoder")
            return
        }
        let ids = try model.encode(s.input.text).get()
        let direct = model.forward(ids).headScores
        #expect(scores == direct)
        let best = try #require(scores.topInduction(1).first)
        #expect(best.score > 0.3)
        // On the page that holds the best head, its badge says so.
        s.model?.layer = best.layer
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        let texts = DecoderSessionTests.texts(s)
        let shown = String(Int((best.score * 100).rounded()))
        #expect(texts.contains("ind") && texts.contains("." + shown), "\(texts.filter { $0.hasPrefix(".") })")
        #expect(texts.contains { $0.hasPrefix("ind .69: induction score") || $0.hasPrefix("ind: induction") })
    }
}

/// Issue 29 B.3: knocking a head out in the window.
@Suite("Head knock-out in the window")
struct KnockoutViewTests {
    @Test(
        "Delete in the model view knocks the selected head out: the forward is the decoder's own knock-out, the panel shows before → after, Delete brings it back"
    )
    func deleteKnocksOut() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        s.model?.layer = 11
        s.selection.head = 6
        try DecoderSessionTests.send(&s, .keyPressed(.delete, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 5))
        #expect(s.model?.knockout == HeadKnockout([(layer: 11, head: 6)]))
        guard case .decoder(let model) = try DecoderSessionTests.model() else {
            Issue.record("SmolLM2 is not a decoder")
            return
        }
        let ids = try model.encode("The capital of France is").get()
        let knocked = model.forward(ids, knockout: HeadKnockout([(layer: 11, head: 6)]))
        let bars = try #require(s.model?.output?.nextTokens)
        let before = try #require(s.model?.output?.nextTokensBefore)
        #expect(bars.map(\.id) == NextToken.top(knocked.logits, count: 10).map(\.id))
        #expect(before.map(\.id) == bars.map(\.id))
        let plain = model.forward(ids)
        #expect(
            before.first.map {
                abs($0.probability - NextToken.probability(of: $0.id, plain.logits, sampling: Sampling())) < 1e-9
            } == true)
        #expect(DecoderSessionTests.texts(s).contains("out"), "the knocked-out tile says so")
        // The next-token panel, beside the heatmaps.
        try DecoderSessionTests.send(&s, .keyPressed(.f2, []))
        let texts = DecoderSessionTests.texts(s)
        #expect(
            texts.contains { $0.contains(" → ") } && texts.contains { $0.hasSuffix("12.7 out · before → after") },
            "\(texts)")
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        try DecoderSessionTests.send(&s, .keyPressed(.delete, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 5))
        #expect(s.model?.knockout.isEmpty == true && s.model?.output?.nextTokensBefore == nil)
    }
}

/// Issue 29 B.6: the "why that token?" lecture, walked with SmolLM2: every caption's number is the
/// picture's.
@Suite("Lecture: why that token?")
struct WhyThatTokenLectureTests {
    @Test("each cue's caption says what its picture shows: 77 % → 14 % → 3 %, the induction heads, ' river' gone")
    func captionsMatch() throws {
        var s = try DecoderSessionTests.opened()
        let text = try String(
            contentsOfFile: RepoPaths.root() + "/assets/lectures/why-that-token.cues", encoding: .utf8)
        // The session holds SmolLM2 already: the lecture's model: line names the same file.
        #expect(text.contains("model: models/SmolLM2-135M-Instruct.Q4_1.gguf\n"))
        let script = try CueScript.parse(
            text.replacingOccurrences(of: "model: models/SmolLM2-135M-Instruct.Q4_1.gguf\n", with: ""), name: "why",
            base: .lecture, trainedModel: (30, 9, true),
            loadModel: { _ in .success((30, 9, true)) }
        ).get()
        #expect(script.cues.count == 11)
        s.load(cues: script)
        func go(_ n: Int) throws -> ModelOutput {
            try DecoderSessionTests.send(&s, .goToCue(n))
            try DecoderSessionTests.send(&s, .tick(seconds: 10))
            return try #require(s.model?.output)
        }
        func own(_ o: ModelOutput, _ token: String) -> Double? {
            o.nextTokens?.first { $0.text == token }?.modelProbability
        }
        let first = try go(0)
        #expect(first.nextTokens?.first?.text == "␣Paris" && abs((own(first, "␣Paris") ?? 0) - 0.77) < 0.01)
        #expect(
            abs((first.nextTokens?.first?.probability ?? 0) - 0.77) < 0.01, "the bars are at T 1, as the caption says")
        // It writes " Paris", greedy: drawn at 77 %, rank 1, shown as written.
        _ = try go(1)
        #expect(s.input.text == "The capital of France is Paris" && s.view == .tokens)
        let draw = try #require(s.draw(at: 5))
        #expect(draw.rank == 1 && abs(draw.probability - 0.77) < 0.01)
        #expect(DecoderSessionTests.texts(s).contains { $0.hasPrefix("drawn with 77%, rank 1") })
        // What it looked at to write it: layer 24's head 5, from " is", 0.90 on " France".
        _ = try go(2)
        #expect(s.view == .tokens && s.selection.query == 4 && s.model?.layer == 23 && s.lookHead == 4)
        let look = LookedAt(s)
        #expect(abs(look.weights[3] - 0.90) < 0.01 && look.weights[3] == look.weights.max(), "\(look.weights)")
        #expect(
            DecoderSessionTests.texts(s).contains {
                $0.hasPrefix("to write ␣Paris (token 6), the model looked from ␣is")
            })
        _ = try go(3)
        #expect(s.view == .explain && s.selection.query == 4 && s.input.text == "The capital of France is")
        let row = Array(try #require(s.trace).heads[0].weights.row(4))
        #expect(abs(row[4] - 0.30) < 0.01 && abs(row[0] - 0.29) < 0.01, "\(row)")
        // France against Italy: A is France's picture, the bars paired as the caption says.
        let italy = try go(4)
        #expect(s.compare.frozen?.input == "The capital of France is" && s.input.text == "The capital of Italy is")
        #expect(italy.nextTokens?.first?.text == "␣Rome" && abs((own(italy, "␣Rome") ?? 0) - 0.38) < 0.01)
        #expect(DecoderSessionTests.texts(s).contains("…France… → ␣Paris 77%"))
        _ = try go(5)
        #expect(s.compare.frozen == nil && s.view == .model)
        let one = try go(6)
        #expect(s.model?.knockout == HeadKnockout([(layer: 23, head: 4)]))
        #expect(abs((own(one, "␣Paris") ?? 0) - 0.14) < 0.01)
        #expect(abs((one.nextTokensBefore?.first { $0.text == "␣Paris" }?.probability ?? 0) - 0.77) < 0.01)
        let two = try go(7)
        #expect(two.nextTokens?.first?.text == "␣the" && abs((own(two, "␣Paris") ?? 1) - 0.034) < 0.01)
        let repeated = try go(8)
        #expect(s.model?.knockout.isEmpty == true && s.trace?.tokenCount == 44)
        let best = try #require(repeated.headScores?.topInduction(5))
        #expect(best.first.map { $0.layer == 18 && $0.head == 6 && abs($0.score - 0.69) < 0.01 } == true)
        #expect(
            best.filter { $0.score >= 0.3 }.map { "\($0.layer + 1).\($0.head + 1)" }.sorted()
                == ["18.4", "18.5", "18.6", "19.7", "19.8"])
        let stripe = try go(9)
        #expect(stripe.nextTokens?.first?.text == "␣river" && abs((own(stripe, "␣river") ?? 0) - 0.71) < 0.01)
        let gone = try go(10)
        #expect(gone.nextTokens?.contains { $0.text == "␣river" } == false)
        #expect(gone.nextTokens?.first?.text == "␣moon" && abs((own(gone, "␣moon") ?? 0) - 0.11) < 0.01)
        // The biggest mover is shown although it left the top 10: " river", the untouched model's
        // 71 % (the stripe cue's own number), now under 5 %.
        let river = try #require(gone.movers.first)
        #expect(river.before.text == "␣river" && river.before.probability == own(stripe, "␣river"))
        #expect(river.after.probability < 0.05 && DecoderSessionTests.texts(s).contains("␣river ↓"))
        // Jumped to from the seeded engine, the model coming from the lecture's own model: line
        // (as `render --cues` reaches a cue): the looked-at cue as it was shown. Its look: was
        // clamped to token 1 while the model had not answered yet.
        let key = "models/SmolLM2-135M-Instruct.Q4_1.gguf"
        let withModel = try CueScript.parse(
            text, name: "why", base: .lecture, loadModel: { _ in .success((30, 9, true)) }
        ).get()
        var fresh = AppState(input: "the cat sat")
        fresh.load(cues: withModel)
        var info = ModelInfo(try DecoderSessionTests.model())
        info.key = key
        fresh.lecture.modelCatalog[key] = info
        ModelRunner.settle(
            &fresh, models: [key: try DecoderSessionTests.model()], fallback: nil,
            effects: reduce(&fresh, .goToCue(2)))
        _ = reduce(&fresh, .tick(seconds: 10))
        #expect(
            fresh.input.text == "The capital of France is Paris" && fresh.view == .tokens,
            "\(fresh.input.text) \(fresh.model?.info.key ?? "no model") \(withModel.cues[0].model ?? "-")")
        #expect(
            fresh.selection.query == 4 && abs((LookedAt(fresh).weights.dropFirst(3).first ?? 0) - 0.90) < 0.01,
            "\(fresh.selection)")
    }
}

/// Issue 29 A.5: the lens reads from the back of the room and says what its shades mean; the
/// lecture's caption says what it shows.
@Suite("Logit lens legibility")
struct LensLegibilityTests {
    @Test(
        "SmolLM2's lens: every text ≥ 14 px, a probability colour bar, and ' Paris' only at layer 30 (28 guesses ' T')")
    func lens() throws {
        var s = try DecoderSessionTests.opened("The Eiffel Tower is in the city of")
        s.theme = .projector
        try DecoderSessionTests.send(&s, .keyPressed(.letterL, .control))
        try DecoderSessionTests.send(&s, .tick(seconds: 5))
        let lens = try #require(s.model?.output?.lens)
        let texts = scene(s).compactMap { c -> TextItem? in
            if case .text(let t) = c { return t }
            return nil
        }
        #expect(texts.allSatisfy { $0.size >= 14 }, "\(texts.filter { $0.size < 14 }.map { ($0.string, $0.size) })")
        #expect(texts.contains { $0.string == "probability" || $0.string == "prob." })
        // The lecture's caption: " Paris" appears only at the last layer; layer 28 still says " T".
        let last = lens.cells.map { $0.last?.text ?? "" }
        #expect(last.last == "␣Paris" && !last.dropLast().contains("␣Paris"), "\(last)")
        #expect(lens.layers.firstIndex(of: 27).map { last[$0] } == "␣T")
        let caption = try String(
            contentsOfFile: RepoPaths.root() + "/assets/lectures/how-a-language-model-writes.cues", encoding: .utf8)
        #expect(caption.contains("\" Paris\" appears only at the last layer, 30; layer 28 still guesses \" T\"."))
    }
}
