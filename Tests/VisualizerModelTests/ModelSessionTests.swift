import AppShell
import AttentionCore
import Decoders
import Encoders
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import VisualizerModel

/// A trained model behind the app: requests as effects, answers as actions, every view fed.
@Suite("Trained model session")
struct ModelSessionTests {
    static let model: EncoderModel = try! TinyBert().model()

    /// Reduces and answers every model request at once, as `render` does.
    @discardableResult
    static func send(_ s: inout AppState, _ a: Action) -> [Effect] {
        ModelRunner.settle(&s, model, effects: reduce(&s, a))
    }

    static func opened(_ input: String = "the cat sat on the mat", view: ViewKind = .heatmaps) -> AppState {
        var s = AppState(input: input, view: view, model: ModelSession(info: ModelInfo(model)))
        ModelRunner.settle(&s, model, effects: s.pendingEffects())
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    @Test("the opening asks for a forward pass; until it answers nothing is shown, then the layer is")
    func opening() throws {
        var s = AppState(input: "the cat sat", model: ModelSession(info: ModelInfo(Self.model)))
        #expect(s.trace == nil)
        let effects = s.pendingEffects()
        #expect(
            effects == [.computeModel(ModelRequest(generation: 1, text: "the cat sat", layer: 0, hideSpecial: false))])
        #expect(s.pendingEffects().isEmpty)
        _ = reduce(
            &s,
            ModelRunner.run(Self.model, ModelRequest(generation: 1, text: "the cat sat", layer: 0, hideSpecial: false)))
        let trace = try #require(s.trace)
        #expect(trace.tokens == ["[CLS]", "the", "cat", "sat", "[SEP]"])
        #expect(trace == Self.model.forward(try Self.model.encode("the cat sat").get(), inspect: 0).layer)
        #expect(s.settings.heads == 2 && s.settings.dModel == 8)
        #expect(s.target == DisplayFrame(trace: trace))
        #expect(s.transition?.stagger ?? 0 > 0, "the first answer plays the opening")
        #expect(s.model?.computing == false)
    }

    @Test("typing sends a newer request; an answer to an older one is dropped")
    func staleAnswersDropped() throws {
        var s = Self.opened("the cat")
        let e1 = reduce(&s, .textTyped(" sat"))
        let e2 = reduce(&s, .textTyped(" on"))
        guard case .computeModel(let r1)? = e1.first, case .computeModel(let r2)? = e2.first else {
            Issue.record("no requests: \(e1) \(e2)")
            return
        }
        #expect(r2.generation == r1.generation + 1 && r2.text == "the cat sat on")
        let before = s
        _ = reduce(&s, ModelRunner.run(Self.model, r1))
        #expect(s == before, "a stale answer changed the state")
        _ = reduce(&s, ModelRunner.run(Self.model, r2))
        #expect(s.trace?.tokens == ["[CLS]", "the", "cat", "sat", "on", "[SEP]"])
    }

    @Test("Alt+Down inspects the next layer: the trace becomes that layer's, in full")
    func layers() throws {
        var s = Self.opened()
        Self.send(&s, .keyPressed(.down, .alt))
        #expect(s.model?.layer == 1)
        let e = try Self.model.encode("the cat sat on the mat").get()
        #expect(s.trace == Self.model.forward(e, inspect: 1).layer)
        #expect(s.message?.text == "layer 2 of 2")
        Self.send(&s, .keyPressed(.down, .alt))
        #expect(s.model?.layer == 1 && s.message?.text == "layer 2 is the last")
    }

    @Test("toy-engine keys change nothing next to a trained model and say why")
    func toyKeysRefused() {
        let start = Self.opened()
        for (key, mods) in [
            (Key.up, Modifiers()), (.pageUp, []), (.letterM, .control), (.letterT, .control), (.right, .control),
        ] {
            var s = start
            let effects = Self.send(&s, .keyPressed(key, mods))
            #expect(effects.isEmpty)
            #expect(s.settings == start.settings && s.trace == start.trace && s.model == start.model)
            #expect(s.message?.text.contains("fixed by the trained model") == true, "\(key)")
        }
    }

    @Test("Ctrl+D hides [CLS]/[SEP]: rows and columns go, each row renormalized to 1")
    func hideSpecial() throws {
        var s = Self.opened()
        Self.send(&s, .keyPressed(.letterD, .control))
        let t = try #require(s.trace)
        #expect(t.tokens == ["the", "cat", "sat", "on", "the", "mat"])
        for h in t.heads { for i in 0..<t.tokenCount { #expect(abs(h.weights.row(i).reduce(0, +) - 1) < 1e-5) } }
        #expect(s.model?.output?.overview.n == 6)
        Self.send(&s, .keyPressed(.letterD, .control))
        #expect(s.trace?.tokenCount == 8)
    }

    @Test("model view: arrows move the selection, Enter and a click open a tile in the heatmaps")
    func modelView() throws {
        var s = Self.opened(view: .model)
        Self.send(&s, .keyPressed(.right, []))
        #expect(s.selection.head == 1)
        Self.send(&s, .keyPressed(.down, []))
        #expect(s.model?.layer == 1)
        Self.send(&s, .keyPressed(.enter, []))
        #expect(s.view == .heatmaps && s.model?.layer == 1 && s.selection.head == 1)
        // A click on layer 1, head 2's tile, from the layout the scene draws.
        var v = Self.opened(view: .model)
        let m = LayoutMetrics(v)
        let layout = ModelViewLayout(
            content: ChromeLayout(viewport: v.viewport, metrics: m).content, layers: 2, heads: 2, metrics: m)
        let p = layout.tiles[0][3].center
        Self.send(&v, .pointerMoved(x: p.x, y: p.y))
        #expect(v.pointer.hover == .modelTile(layer: 0, tile: .head(1)))
        Self.send(&v, .pointerPressed(.left, x: p.x, y: p.y, clicks: 1))
        #expect(v.view == .heatmaps && v.selection.head == 1 && v.model?.layer == 0)
    }

    @Test("the model view draws every tile, a badge per patterned head and text inside the window")
    func modelViewScene() throws {
        let s = Self.opened(view: .model)
        let list = scene(s)
        let maps = list.filter {
            if case .heatmap = $0 { return true }
            return false
        }
        #expect(maps.count == 2 * (2 + 2), "layers × (average, rollout, heads)")
        let texts = list.compactMap { c -> TextItem? in
            if case .text(let t) = c { return t }
            return nil
        }
        let output = try #require(s.model?.output)
        let badges = output.patterns.flatMap { $0 }.map(\.badge).filter { !$0.isEmpty }
        for b in badges { #expect(texts.contains { $0.string == b }, "badge \(b)") }
        for t in texts {
            #expect(
                t.position.x >= 0 && t.position.x <= s.viewport.width && t.position.y >= 0
                    && t.position.y <= s.viewport.height)
        }
        #expect(texts.contains { $0.string.contains("Badge:") })
        #expect(scene(s) == list, "same state, same display list")
    }

    @Test(
        "the model view's remembered tiles are the tiles recomputing gives, through a cross-fade and a colormap change")
    func modelTileMemo() {
        func fresh(_ o: ModelOverview) -> ModelOverview {
            ModelOverview(
                n: o.n, pool: o.pool, heads: o.heads.map { $0.map { $0.map { $0 } } },
                averages: o.averages.map { $0.map { $0 } }, rollouts: o.rollouts.map { $0.map { $0 } })
        }
        func freshState(_ s: AppState) -> AppState {
            var c = s
            if let o = s.model?.output?.overview { c.model?.output?.overview = fresh(o) }
            if let o = s.model?.previousOverview { c.model?.previousOverview = fresh(o) }
            return c
        }
        func tiles(_ st: AppState) -> [[UInt32]] {
            scene(st).compactMap { c -> [UInt32]? in
                if case .heatmap(_, _, _, let px, _) = c, px.count > 1 { return px }
                return nil
            }
        }
        var s = Self.opened("the cat sat", view: .model)
        Self.send(&s, .textTyped(" on"))
        var states: [AppState] = []
        for t in [0.0, Durations.morph / 3, Durations.morph / 3, 1] {
            _ = reduce(&s, .tick(seconds: t))
            states.append(s)
        }
        var magma = s
        magma.colormap = .magma
        states.append(magma)
        for round in 0..<2 {
            for (i, st) in states.enumerated() {
                let got = tiles(st)
                #expect(!got.isEmpty && got == tiles(freshState(st)), "state \(i), round \(round)")
            }
        }
    }

    @Test("a new answer cross-fades the model view's tiles from the old ones, closed-form in time")
    func modelViewFades() {
        var s = Self.opened("the cat sat", view: .model)
        Self.send(&s, .textTyped(" on"))
        func alphas(_ st: AppState) -> [UInt32] {
            scene(st).compactMap { c -> UInt32? in
                if case .heatmap(_, _, _, _, let opacity) = c { return UInt32((opacity * 255).rounded()) }
                return nil
            }
        }
        var half = s
        _ = reduce(&half, .tick(seconds: Durations.morph / 2))
        var split = s
        for _ in 0..<10 { _ = reduce(&split, .tick(seconds: Durations.morph / 20)) }
        let mid = alphas(half)
        #expect(mid.count == 2 * 2 * (2 + 2), "old and new tile for every tile mid-fade")
        #expect(mid.contains { $0 > 0 && $0 < 255 })
        #expect(scene(half) == scene(split), "ten small ticks and one tick of the same time draw the same")
        _ = reduce(&s, .tick(seconds: 1))
        #expect(alphas(s).count == 2 * (2 + 2) && alphas(s).allSatisfyNonEmpty { $0 == 255 })
        #expect(!s.isAnimating)
    }

    @Test("an input the model cannot read keeps the last attention and says why")
    func failure() throws {
        var s = Self.opened()
        let before = s.trace
        Self.send(&s, .textTyped(String(repeating: " the", count: 60)))
        #expect(s.trace == before)
        #expect(s.engine.error?.contains("at most 40") == true)
        // Clearing the input shows an empty screen and asks for nothing.
        let effects = reduce(&s, .keyPressed(.letterU, .control))
        #expect(effects.isEmpty && s.trace == nil && s.engine.error == nil)
    }

    @Test("without a model the model view and layer keys explain how to get one")
    func noModel() {
        var s = AppState(input: "a b")
        _ = reduce(&s, .keyPressed(.f6, []))
        #expect(s.view == .heatmaps && s.message?.text.contains("--model") == true)
        _ = reduce(&s, .keyPressed(.down, .alt))
        #expect(s.message?.text.contains("--model") == true)
        for _ in 0..<6 {
            _ = reduce(&s, .keyPressed(.tab, []))
            #expect(s.view != .model)
        }
    }
}

@Suite("Sentence pairs and several queries")
struct PairAndQueriesTests {
    @Test("Ctrl+B cycles A→B, B→A, A→A, B→B: cells outside the block are hidden in heatmaps and arcs")
    func pairFilter() throws {
        var s = ModelSessionTests.opened("the cat ||| it sat")
        // [CLS] the cat [SEP] | it sat [SEP]: A is 0...3, B is 4...6.
        #expect(s.target.segments == [0, 0, 0, 0, 1, 1, 1])
        ModelSessionTests.send(&s, .keyPressed(.letterB, .control))
        #expect(s.model?.pairFilter == .aToB && s.message?.text.contains("A→B") == true)
        _ = reduce(&s, .tick(seconds: 2))
        let f = s.displayed
        #expect(!f.isMasked(1, 5) && f.isMasked(5, 1) && f.isMasked(1, 2) && f.isMasked(5, 6))
        s.arcs.minWeight = 0
        s.arcs.topK = 0
        let arcs = visibleArcs(s)
        #expect(!arcs.isEmpty && arcs.allSatisfyNonEmpty { $0.query <= 3 && $0.key >= 4 })
        for expected in [PairFilter.bToA, .aToA, .bToB, .all] {
            ModelSessionTests.send(&s, .keyPressed(.letterB, .control))
            #expect(s.model?.pairFilter == expected)
        }
        // A single sentence has no pairs to filter, and says how to make one.
        var single = ModelSessionTests.opened("the cat sat")
        ModelSessionTests.send(&single, .keyPressed(.letterB, .control))
        #expect(single.model?.pairFilter == .all && single.message?.text.contains("|||") == true)
    }

    @Test("Ctrl+click picks several queries: arcs from those only, their summed attention named")
    func severalQueries() throws {
        var s = ModelSessionTests.opened("the cat sat on the mat", view: .heatmaps)
        let m = LayoutMetrics(s)
        let layout = HeatmapLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, metrics: m)
        let axes = HeatmapAxes(frame: s.displayed, grid: layout.tiles[0].grid, zoom: s.zoom)
        func click(row: Int) {
            let p = Point((axes.columns[0] + axes.columns[1]) / 2, (axes.rows[row] + axes.rows[row + 1]) / 2)
            ModelSessionTests.send(&s, .pointerPressed(.left, x: p.x, y: p.y, clicks: 1))
        }
        click(row: 2)
        #expect(s.selection.query == 2 && s.selection.queries.isEmpty)
        ModelSessionTests.send(&s, .modifiersChanged(.control))
        click(row: 4)
        #expect(s.selection.queries == [2, 4])
        let sums = try #require(s.summedAttention())
        let t = try #require(s.trace)
        for j in 0..<t.tokenCount { #expect(abs(sums.sums[j] - (t.average[2, j] + t.average[4, j])) < 1e-6) }
        #expect(s.message?.text.hasPrefix("Σ over 2 queries") == true)
        s.arcs.minWeight = 0
        s.arcs.topK = 0
        _ = reduce(&s, .keyPressed(.f3, []))
        _ = reduce(&s, .pointerLeft)
        #expect(Set(visibleArcs(s).map(\.query)) == [2, 4])
        click(row: 4)
        ModelSessionTests.send(&s, .keyPressed(.letterX, .control))
        #expect(s.selection.queries.isEmpty)
    }
}
