import AttentionCore
import TestSupport
import Testing

@testable import VisualizerModel

@Suite("Arcs, inspector and explanation")
struct ViewsTests {
    func settled(_ view: ViewKind, input: String = "the cat sat on the mat", settings: AttentionSettings = .lecture)
        -> AppState
    {
        var s = AppState(input: input, settings: settings, viewport: Size(1280, 720), view: view)
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    func texts(_ s: AppState) -> [String] {
        scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
    }

    @Test("arcs follow the weights: count, top-k, threshold and widths")
    func arcsFollowWeights() throws {
        var s = settled(.arcs)
        let trace = try #require(s.trace)
        s.arcs.topK = 0
        s.arcs.minWeight = 0.2
        let arcs = visibleArcs(s)
        var expected = 0
        for h in 0..<4 { for w in trace.heads[h].weights.storage where w >= 0.2 { expected += 1 } }
        #expect(arcs.count == expected)
        for a in arcs {
            #expect(a.weight == trace.heads[a.head!].weights[a.query, a.key])
        }
        s.arcs.topK = 1
        let top1 = visibleArcs(s)
        #expect(top1.allSatisfyNonEmpty { a in trace.heads[a.head!].weights.row(a.query).max() == a.weight })
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        #expect(arcWidth(0.9, metrics: m) > arcWidth(0.3, metrics: m))
        // Geometry: one strip per arc, drawn as triangles.
        let strips = scene(s).filter {
            if case .triangles(let v) = $0 { return v.count > 3 }
            return false
        }
        #expect(strips.count == top1.count)
        // Each arc between two different tokens ends in an arrowhead on its key.
        let heads = scene(s).filter {
            if case .triangles(let v) = $0 { return v.count == 3 }
            return false
        }
        #expect(heads.count == top1.filter { $0.query != $0.key }.count)
    }

    @Test(
        "issue 29 A.9: 16 heads get 16 colours, the average is none of them and stands out; arcs of the same pair in different heads lie side by side"
    )
    func arcColoursAndOverlap() throws {
        let colours = (0..<16).map { headColor($0, theme: .projector) }
        #expect(Set(colours.map { [$0.r, $0.g, $0.b] }).count == 16, "heads 1 and 9 shared a colour")
        for theme in [Theme.dark, .light, .projector] {
            let avg = headColor(nil, theme: theme)
            #expect(!colours.contains(avg))
            // Far from the background: near-black on black was the complaint.
            let d =
                abs(Int(avg.r) - Int(theme.background.r)) + abs(Int(avg.g) - Int(theme.background.g))
                + abs(Int(avg.b) - Int(theme.background.b))
            #expect(d > 400, "\(theme.name): the average's colour is too close to the background")
        }
        // Every head attends from the last token to the first: their strips must not coincide.
        var s = settled(.arcs)
        s.arcs.topK = 0
        s.arcs.minWeight = 0
        // Each strip's apex (its highest vertex) is above the middle of its two tokens, shifted by
        // its head: one apex per (query + key, head), where coinciding arcs gave one per query + key.
        let apexes = scene(s).compactMap { c -> Float? in
            guard case .triangles(let v) = c, v.count > 3 else { return nil }
            let top = v.min { $0.position.y < $1.position.y }
            return top.map { ($0.position.x * 10).rounded() / 10 }
        }
        let arcs = visibleArcs(s)
        #expect(apexes.count == arcs.count)
        let placed = Set(arcs.map { [$0.query + $0.key, $0.head ?? -1] })
        #expect(Set(apexes).count == placed.count, "heads' arcs between the same tokens drawn on top of each other")
    }

    @Test("a masked pair has no arc, however low the threshold")
    func maskedNoArc() {
        var s = settled(
            .arcs,
            settings: AttentionSettings(
                dModel: 16, heads: 2, seed: 3, mask: MaskSpec(causal: true, padding: 1), positional: false))
        s.arcs.minWeight = 0
        s.arcs.topK = 0
        let arcs = visibleArcs(s)
        #expect(!arcs.isEmpty)
        #expect(arcs.allSatisfyNonEmpty { $0.key <= $0.query && $0.key < 5 })
    }

    @Test("hovering a token keeps its outgoing arcs; Shift shows its incoming ones")
    func hoverToken() throws {
        var s = settled(.arcs)
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        let layout = ArcsLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, heads: 4, metrics: m)
        let p = layout.tokens[2].center
        _ = reduce(&s, .pointerMoved(x: p.x, y: p.y))
        #expect(s.pointer.hover == .token(2))
        #expect(visibleArcs(s).allSatisfyNonEmpty { $0.query == 2 })
        _ = reduce(&s, .modifiersChanged(.shift))
        let incoming = visibleArcs(s)
        #expect(!incoming.isEmpty && incoming.allSatisfyNonEmpty { $0.key == 2 })
    }

    @Test("a swatch click toggles its head; a double click solos it; the average is its own mode")
    func swatches() {
        var s = settled(.arcs)
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        let layout = ArcsLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, heads: 4, metrics: m)
        let head2 = layout.swatches[2].center
        _ = reduce(&s, .pointerMoved(x: head2.x, y: head2.y))
        #expect(s.pointer.hover == .swatch(1))
        _ = reduce(&s, .pointerPressed(.left, x: head2.x, y: head2.y, clicks: 1))
        #expect(s.arcs.hiddenHeads == [1])
        #expect(visibleArcs(s).allSatisfyNonEmpty { $0.head != 1 })
        _ = reduce(&s, .pointerPressed(.left, x: head2.x, y: head2.y, clicks: 2))
        #expect(s.arcs.hiddenHeads == [0, 2, 3])
        #expect(visibleArcs(s).allSatisfyNonEmpty { $0.head == 1 })
        let avg = layout.swatches[0].center
        _ = reduce(&s, .pointerPressed(.left, x: avg.x, y: avg.y, clicks: 1))
        #expect(s.arcs.average)
        #expect(visibleArcs(s).allSatisfyNonEmpty { $0.head == nil })
    }

    @Test("a typed token's arcs grow out of it: partial strips while its slot grows")
    func arcsGrow() {
        var s = settled(.arcs, input: "a b c")
        s.arcs.minWeight = 0
        s.arcs.topK = 0
        _ = reduce(&s, .textTyped(" d"))
        _ = reduce(&s, .tick(seconds: 0.1))
        let sizes = s.displayed.sizes
        #expect(sizes[3] > 0 && sizes[3] < 1)
    }

    @Test("inspector: every matrix is there, and hovering a cell reads its exact value")
    func inspector() throws {
        var s = settled(.inspector)
        let trace = try #require(s.trace)
        let t = texts(s)
        let all = inspectorPanels(trace, head: 0)
        #expect(
            all.map(\.name) == [
                "X", "W_q", "W_k", "W_v", "W_o", "Q", "K", "V", "scores h1", "mask", "weights h1", "output h1",
                "concat", "output",
            ])
        for panel in all {
            #expect(t.contains { panel.formulas.contains($0) }, "missing panel \(panel.name)")
        }
        // Nothing masked: the mask tile says so instead of standing empty.
        #expect(t.contains("no mask"))
        // The data flow: every input a panel names exists, and arrows are drawn for them.
        let names = Set(all.map(\.name))
        #expect(all.allSatisfyNonEmpty { $0.inputs.allSatisfy(names.contains) })  // X has no inputs
        let arrowHeads = scene(s).filter { if case .triangles = $0 { return true } else { return false } }.count
        #expect(arrowHeads >= all.reduce(0) { $0 + $1.inputs.count })
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        let content = ChromeLayout(viewport: s.viewport, metrics: m).content.splitBottom(m.small * 1.6).1
        let panels = all
        let layout = InspectorLayout(content: content, panels: panels, metrics: m)
        let q = layout.slots[5]
        let cell = q.grid.width / Float(q.cols)
        // A wide strip's rows are taller than its columns are wide.
        let rowH = q.grid.height / Float(q.rows)
        _ = reduce(&s, .pointerMoved(x: q.grid.x + 3.5 * cell, y: q.grid.y + 2.5 * rowH))
        #expect(s.pointer.hover == .matrixCell(matrix: "Q", row: 2, column: 3))
        let tooltip = texts(s)
        #expect(tooltip.contains("Q: query 3 “sat”, dim 4"))
        #expect(tooltip.contains("value \(formatted(trace.q[2, 3], decimals: 4))"))
    }

    @Test("inspector: the selected head's d_k slice is outlined in Q, K and V")
    func headSlice() throws {
        var s = settled(.inspector)
        _ = reduce(&s, .keyPressed(.letterH, .control))
        #expect(s.selection.head == 1)
        let panels = inspectorPanels(try #require(s.trace), head: 1)
        #expect(panels.first { $0.name == "Q" }?.highlightColumns == 4..<8)
        #expect(panels.first { $0.name == "weights h2" } != nil)
    }

    @Test("explanation: every number shown is the trace's")
    func explanationNumbers() throws {
        var s = settled(.explain)
        s.selection = AppState.Selection(query: 2, key: 4, head: 1)
        let trace = try #require(s.trace)
        let ex = try #require(Explanation(trace: trace, query: 2, key: 4, head: 1))
        #expect(ex.q == (0..<4).map { trace.q[2, 4 + $0] })
        #expect(ex.k == (0..<4).map { trace.k[4, 4 + $0] })
        #expect(abs(ex.dot / ex.divisor - trace.heads[1].scores[2, 4]) < 1e-5)
        #expect(ex.weights == Array(trace.heads[1].weights.row(2)))
        #expect(ex.output == Array(trace.heads[1].output.row(2)))
        let t = texts(s)
        for v in ex.q + ex.k + ex.output { #expect(t.contains(formatted(v, decimals: 3))) }
        // The scale line reads as arithmetic: Σ ÷ √d_k, the numbers, the score.
        #expect(
            t.contains(
                "score = Σ ÷ √4 = \(formatted(ex.dot, decimals: 3)) ÷ 2.000 = \(formatted(trace.heads[1].scores[2, 4], decimals: 3))"
            ))
        #expect(t.contains("key 5: \(formatted(trace.heads[1].weights[2, 4], decimals: 4))"))
    }

    @Test("explanation: Left and Right walk the keys, animated; the comparison row is softmax of unscaled scores")
    func explanationWalk() throws {
        var s = settled(.explain)
        _ = reduce(&s, .keyPressed(.right, []))
        _ = reduce(&s, .keyPressed(.right, []))
        #expect(s.selection.key == 2)
        #expect(s.explain.previousKey == 1 && s.explain.keyChangedAt == s.time)
        #expect(s.settings.seed == 42)  // Right steps keys here, not the seed
        _ = reduce(&s, .keyPressed(.left, []))
        #expect(s.selection.key == 1)
        _ = reduce(&s, .keyPressed(.letterE, .control))
        #expect(s.explain.comparesScaling)
        let trace = try #require(s.trace)
        let ex = try #require(Explanation(trace: trace, query: 0, key: 1, head: 0))
        var u = s.settings
        u.scaleScores = false
        let unscaled = try AttentionEngine.run(text: s.input.text, mode: .auto, settings: u).get()
        for j in 0..<trace.tokenCount { #expect(abs(ex.otherWeights[j] - unscaled.heads[0].weights[0, j]) < 1e-4) }
    }

    @Test("each view's formula follows the what-ifs")
    func formulas() {
        var s = AttentionSettings.lecture
        #expect(viewFormula(.heatmaps, settings: s) == "softmax(QKᵀ/√d_k)·V")
        s.scaleScores = false
        s.temperature = 2
        #expect(viewFormula(.heatmaps, settings: s) == "softmax(QKᵀ/T)·V  (unscaled)")
        #expect(viewFormula(.explain, settings: s).contains("s_ij = q_i·k_j/T"))
    }

    @Test("switching views cross-fades, and each view has a title and a formula")
    func viewSwitch() {
        var s = settled(.heatmaps)
        _ = reduce(&s, .keyPressed(.tab, []))
        #expect(s.view == .arcs && s.previousView == .heatmaps)
        _ = reduce(&s, .tick(seconds: 0.1))
        let fading = scene(s).contains {
            if case .fillRect(_, let c) = $0 { return c.a > 0 && c.a < 255 && c.r == s.theme.background.r }
            return false
        }
        #expect(fading)
        for v in ViewKind.allCases {
            var t = settled(v)
            _ = reduce(&t, .tick(seconds: 1))
            let strings = texts(t)
            #expect(strings.contains("AttnViz · \(v.title)"))
            #expect(strings.contains(viewFormula(v, settings: t.settings)))
        }
    }
}

@Suite("Bounded arcs")
struct BoundedArcsTests {
    @Test("top-k 0 and threshold 0 on 300 tokens draw at most the strongest 2,000 arcs and say so")
    func cap() {
        var s = AppState(input: (0..<300).map { "w\($0)" }.joined(separator: " "), view: .arcs)
        s.arcs.topK = 0
        s.arcs.minWeight = 0
        _ = reduce(&s, .tick(seconds: 5))
        let all = arcCandidates(s)
        let shown = visibleArcs(s)
        #expect(all.count > maxDrawnArcs && shown.count == maxDrawnArcs)
        let weakestShown = shown.map(\.weight).min() ?? 0
        #expect(all.filter { $0.weight > weakestShown }.count <= maxDrawnArcs)
        let list = scene(s)
        let strips = list.filter {
            if case .triangles = $0 { return true }
            return false
        }
        #expect(strips.count <= maxDrawnArcs)
        #expect(
            list.contains {
                if case .text(let t) = $0 { return t.string.hasPrefix("showing the 2000 strongest") }
                return false
            })
    }
}

@Suite("Labels and tooltips")
struct LabelTests {
    @Test("padded positions read PAD on the heatmap axes and in the arcs view")
    func padLabels() {
        var settings = AttentionSettings.lecture
        settings.mask = MaskSpec(causal: false, padding: 2)
        var s = AppState(input: "one two three four five", settings: settings)
        _ = reduce(&s, .tick(seconds: 5))
        let f = s.displayed
        #expect((0..<5).map(f.label) == ["one", "two", "three", "PAD", "PAD"])
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.filter { $0 == "PAD" }.count == 4, "two PAD labels on each axis")
        #expect(!texts.contains("five"))
        _ = reduce(&s, .keyPressed(.f3, []))
        _ = reduce(&s, .tick(seconds: 1))
        let arcTexts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(arcTexts.filter { $0 == "PAD" }.count == 2)
    }

    @Test("the inspector names rows for what they are: keys in K, values in V, tokens in X")
    func rowNouns() {
        #expect(rowNoun("K") == "key" && rowNoun("V") == "value" && rowNoun("X") == "token" && rowNoun("Q") == "query")
        var s = AppState(input: "the cat sat", view: .inspector)
        _ = reduce(&s, .tick(seconds: 5))
        // Hover V's first cell through the same layout the scene draws.
        for y in stride(from: Float(80), to: 700, by: 4) {
            for x in stride(from: Float(0), to: 1280, by: 4) {
                if case .matrixCell(let name, let r, _)? = hitTest(s, Point(x, y)), name == "V", r == 1 {
                    _ = reduce(&s, .pointerMoved(x: x, y: y))
                    let texts = scene(s).compactMap { c -> String? in
                        if case .text(let t) = c { return t.string }
                        return nil
                    }
                    #expect(
                        texts.contains { $0.hasPrefix("V: value 2 “cat”") }, "\(texts.filter { $0.hasPrefix("V:") })")
                    return
                }
            }
        }
        Issue.record("no V cell found")
    }

    @Test("render frames have no caret; the window's do")
    func caret() {
        var s = AppState(input: "abc")
        _ = reduce(&s, .tick(seconds: 10))
        let withCaret = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(withCaret.contains("▸ abc|"))
        s.input.showsCaret = false
        let still = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(still.contains("▸ abc ") && !still.contains("▸ abc|"))
    }
}
