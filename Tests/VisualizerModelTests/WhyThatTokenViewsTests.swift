import AppShell
import AttentionCore
import Decoders
import Testing

@testable import VisualizerModel

/// Issue 29 B.1, B.2 and B.5 in the app, with SmolLM2: what a token looked at, how a written
/// token was drawn, and two prompts side by side.
@Suite("Why that token: the looked-at view and two prompts")
struct WhyThatTokenViewsTests {
    /// The model's own rows, averaged over heads in head order, for a layer and query.
    static func averageRow(_ ids: [Int], layer: Int, query: Int) throws -> [Float] {
        guard case .decoder(let model) = try DecoderSessionTests.model() else {
            Issue.record("SmolLM2 is not a decoder")
            return []
        }
        let state = model.forward(ids)
        let rows = (0..<state.heads).map { Array(state.attentionRow(layer: layer, head: $0, query: query)) }
        return (0...query).map { j in rows.reduce(Float(0)) { $0 + $1[j] } / Float(state.heads) }
    }

    @Test(
        "Ctrl+W shows the text as tokens; clicking one shows the row the model wrote it from, as the model computes it")
    func looks() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.letterW, .control))
        #expect(s.view == .tokens && s.selection.query == 4)
        #expect(
            DecoderSessionTests.texts(s).contains { $0.hasPrefix("to write the next token, the model looked from ␣is") }
        )
        let m = LayoutMetrics(s)
        var look = LookedAt(s)
        let layout = TokenFlowLayout(
            content: ChromeLayout(s, metrics: m).content, labels: look.labels, keepVisible: look.chosen, m)
        #expect(look.labels.count == 6 && look.labels.last?.hasSuffix("?") == true, "\(look.labels)")
        // Click " France" (token 4): it was chosen from the row of " of" (token 3).
        let chip = layout.chips[3]
        try DecoderSessionTests.send(&s, .pointerMoved(x: chip.center.x, y: chip.center.y))
        #expect(s.pointer.hover == .lookToken(3))
        try DecoderSessionTests.send(&s, .pointerPressed(.left, x: chip.center.x, y: chip.center.y, clicks: 1))
        try DecoderSessionTests.send(&s, .tick(seconds: 2))
        #expect(s.selection.query == 2)
        look = LookedAt(s)
        let ids = try #require(s.model?.output?.trace.encoding.ids)
        let reference = try Self.averageRow(ids, layer: 0, query: 2)
        let worst = zip(look.weights.prefix(3), reference).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-5, "bars \(look.weights) vs the model's \(reference)")
        #expect(look.weights.dropFirst(3).allSatisfy { $0 == 0 }, "a later token got a bar")
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains { $0.hasPrefix("before the typed ␣France (token 4), the model looked from ␣of") })
        #expect(texts.contains { $0.hasPrefix("layer 1 · average of 9 heads") })
        // Ctrl+H: head 1's own row, and the header says so.
        try DecoderSessionTests.send(&s, .keyPressed(.letterH, .control))
        try DecoderSessionTests.send(&s, .tick(seconds: 2))
        let head = try #require(s.trace).heads[0].weights.row(2)
        #expect(Array(LookedAt(s).weights.prefix(3)) == Array(head.prefix(3)))
        #expect(DecoderSessionTests.texts(s).contains { $0.hasPrefix("layer 1 · head 1 of 9") })
        // The first token was written from nothing: a click says so and changes nothing.
        try DecoderSessionTests.send(
            &s, .pointerPressed(.left, x: layout.chips[0].center.x, y: layout.chips[0].center.y, clicks: 1))
        #expect(s.selection.query == 2 && s.message?.text.contains("first token") == true)
    }

    @Test("a written token is marked, and hovering it gives its chance, rank and the top 5 at its step")
    func drawn() throws {
        var s = try DecoderSessionTests.opened()
        let before = try #require(s.model?.output?.nextTokens)
        try DecoderSessionTests.send(&s, .keyPressed(.tab, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.input.text == "The capital of France is Paris")
        let d = try #require(s.draw(at: 5))
        // The draw is the model's own numbers at that step: greedy took the top token, rank 1.
        guard case .decoder(let model) = try DecoderSessionTests.model() else { return }
        let ids = try #require(s.model?.output?.trace.encoding.ids)
        let logits = model.forward(Array(ids.prefix(5))).logits
        let top = NextToken.top(logits, count: 5)
        #expect(d.id == ids[5] && d.rank == 1 && d.top == top && d.topTexts.first == "␣Paris")
        #expect(abs(d.probability - before[0].modelProbability) < 1e-9)
        #expect(s.draw(at: 4) == nil, "a typed token has no draw")
        // The heatmaps' axes label it in the written colour too; typed tokens keep the text colour.
        let labels = scene(s).compactMap { c -> TextItem? in
            if case .text(let t) = c, t.string == "␣Paris" || t.string == "␣France" { return t }
            return nil
        }
        #expect(labels.filter { $0.string == "␣Paris" }.allSatisfy { $0.color == s.theme.written })
        #expect(labels.filter { $0.string == "␣France" }.allSatisfy { $0.color == s.theme.text })
        #expect(labels.filter { $0.string == "␣Paris" }.count >= 2, "row and column labels")
        try DecoderSessionTests.send(&s, .keyPressed(.letterW, .control))
        let look = LookedAt(s)
        #expect(look.written == [false, false, false, false, false, true])
        let m = LayoutMetrics(s)
        let layout = TokenFlowLayout(
            content: ChromeLayout(s, metrics: m).content, labels: look.labels, keepVisible: look.chosen, m)
        // Its label is drawn in the written colour, underlined.
        let scene0 = scene(s)
        let label = scene0.compactMap { c -> TextItem? in
            if case .text(let t) = c, t.string == "␣Paris", layout.chips[5].contains(t.position) { return t }
            return nil
        }
        #expect(label.first?.color == s.theme.written)
        let p = layout.chips[5].center
        try DecoderSessionTests.send(&s, .pointerMoved(x: p.x, y: p.y))
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains("␣Paris was written: \(formatPercent(d.probability)), rank 1"), "\(texts)")
        #expect(texts.contains("␣the \(formatPercent(top[1].probability))"), "\(texts)")
        // Selected (the last row wrote nothing yet; the row before wrote " Paris"): the header says how.
        try DecoderSessionTests.send(&s, .keyPressed(.left, []))
        #expect(
            DecoderSessionTests.texts(s).contains { $0.hasPrefix("drawn with \(formatPercent(d.probability)), rank 1") }
        )
        // An edit before it changes what stands there: the draw is forgotten.
        try DecoderSessionTests.send(&s, .keyPressed(.backspace, [.control]))
        try DecoderSessionTests.send(&s, .textTyped(" Rome"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.draw(at: 5) == nil && s.generation.drawn.isEmpty)
    }

    @Test("Ctrl+F then another prompt: A and B with their own tokens, paired next tokens, B − A only at one length")
    func twoPrompts() throws {
        var s = try DecoderSessionTests.opened()
        s.theme = .projector
        try DecoderSessionTests.send(&s, .keyPressed(.letterF, .control))
        for _ in 0..<2 { try DecoderSessionTests.send(&s, .keyPressed(.backspace, [.control])) }
        try DecoderSessionTests.send(&s, .textTyped("Italy is"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.input.text == "The capital of Italy is")
        var texts = DecoderSessionTests.texts(s)
        #expect(texts.contains("A: …France…") && texts.contains("B: …Italy…"), "\(texts)")
        #expect(!texts.contains { $0.contains("same settings") || $0.contains("different tokens") })
        #expect(texts.contains("␣France") && texts.contains("␣Italy"), "each picture names its own tokens")
        let rome = try #require(s.nextTokens?.first)
        #expect(rome.text == "␣Rome")
        #expect(texts.contains("…France… → ␣Paris 77%"), "\(texts)")
        #expect(texts.contains("…Italy… → ␣Rome \(formatPercent(rome.modelProbability))"), "\(texts)")
        // B − A's title over its grid, and its own colour bar with readable ends.
        #expect(texts.filter { $0.hasPrefix("B − A") }.count == 2, "\(texts)")
        #expect(!texts.contains("+0.00") && !texts.contains("-0.00"), "the difference's scale reads zero")
        // The comparison's tiles are its own: no hover names a cell of the heatmaps behind them.
        try DecoderSessionTests.send(&s, .pointerMoved(x: 640, y: 400))
        #expect(s.pointer.hover == nil && !DecoderSessionTests.texts(s).contains { $0.hasPrefix("query ") })
        // A different length: no B − A, and the reason.
        try DecoderSessionTests.send(&s, .keyPressed(.letterU, .control))
        try DecoderSessionTests.send(&s, .textTyped("The biggest city in Italy is"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        texts = DecoderSessionTests.texts(s)
        #expect(texts.filter { $0.hasPrefix("B − A") }.isEmpty, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("5 and 6 tokens: no B − A") }, "\(texts)")
    }

    @Test(
        "Shift+Delete in the model view: knocked-out heads mean-ablated, the panel says so, the numbers are the model's"
    )
    func meanAblationInWindow() throws {
        var s = try DecoderSessionTests.opened()
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        try DecoderSessionTests.send(&s, .keyPressed(.letterH, .control))  // no-op outside looked-at: head stays
        s.selection.head = 4
        s.model?.layer = 23
        try DecoderSessionTests.send(&s, .keyPressed(.delete, []))
        let zeroed = try #require(s.model?.output?.nextTokens)
        try DecoderSessionTests.send(&s, .keyPressed(.delete, .shift))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.model?.knockout.mean == true && s.model?.knockout.label == "24.5")
        let mean = try #require(s.model?.output?.nextTokens)
        guard case .decoder(let model) = try DecoderSessionTests.model() else { return }
        var k = HeadKnockout([(layer: 23, head: 4)])
        k.mean = true
        let ids = try #require(s.model?.output?.trace.encoding.ids)
        let reference = NextToken.top(model.forward(ids, knockout: k).logits, count: 10)
        #expect(mean.map(\.id) == reference.map(\.id) && mean != zeroed)
        try DecoderSessionTests.send(&s, .keyPressed(.f2, []))
        // The heatmaps cross the knocked-out head's tile too.
        let m = LayoutMetrics(s)
        let tiles = HeatmapLayout(
            content: s.heatmapArea(ChromeLayout(s, metrics: m).content, m).main, frame: s.displayed, metrics: m
        ).tiles
        let five = try #require(tiles.first { $0.head == 4 }).grid
        #expect(
            scene(s).contains {
                if case .line(let a, let b, let c, _) = $0 {
                    return a == Point(five.x, five.y) && b == Point(five.maxX, five.maxY) && c == s.theme.error
                }
                return false
            })
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains { $0.contains(" mean") && $0.hasSuffix("before → after") }, "\(texts)")
    }

    @Test(
        "on the repeat preset the model view lists heads by induction score; a header click sorts by the other, a row opens its head"
    )
    func sortableScores() throws {
        // A few repeated words give scores that are noise: no list (as no badge), the grid keeps the width.
        var few = try DecoderSessionTests.opened("The capital of France is Paris. The capital of Italy is")
        try DecoderSessionTests.send(&few, .keyPressed(.f6, []))
        let fewM = LayoutMetrics(few)
        let repeated = try #require(few.model?.output?.headScores?.repeatedRows)
        #expect(repeated > 0 && repeated < HeadScores.meaningfulRows)
        #expect(modelAreas(few, ChromeLayout(few, metrics: fewM).content, fewM).scores == nil)
        var s = try DecoderSessionTests.opened()
        s.theme = .projector
        try DecoderSessionTests.send(&s, .keyPressed(.letterI, .control))
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        let m = LayoutMetrics(s)
        let panel = try #require(modelAreas(s, ChromeLayout(s, metrics: m).content, m).scores)
        let scores = try #require(s.model?.output?.headScores)
        // The app's scores are the model's own, from its maps (the dump's, which numpy checks).
        guard case .decoder(let model) = try DecoderSessionTests.model() else { return }
        let ids = try #require(s.model?.output?.trace.encoding.ids)
        let reference = model.forward(ids).headScores
        #expect(scores.induction == reference.induction && scores.previousToken == reference.previousToken)
        let rows = sortedHeadScores(scores, by: .induction)
        let best = try #require(reference.topInduction(1).first)
        #expect(rows.first.map { $0.layer == best.layer && $0.head == best.head } == true)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.ind >= $1.ind })
        let layout = HeadScoresLayout(panel, rowCount: rows.count, m)
        #expect(layout.rows.count >= 10, "the list shows \(layout.rows.count) heads")
        let texts = DecoderSessionTests.texts(s)
        #expect(texts.contains("\(best.layer + 1).\(best.head + 1)") && texts.contains(shortScore(best.score)))
        // Sorted by the previous-token score.
        let header = try #require(layout.headers.first { $0.0 == .previous }?.1)
        try DecoderSessionTests.send(&s, .pointerPressed(.left, x: header.center.x, y: header.center.y, clicks: 1))
        #expect(s.model?.scoreOrder == .previous)
        let byPrevious = sortedHeadScores(scores, by: .previous)
        #expect(zip(byPrevious, byPrevious.dropFirst()).allSatisfy { $0.prev >= $1.prev })
        // A row opens its head in the heatmaps.
        let row = layout.rows[0]
        try DecoderSessionTests.send(&s, .pointerPressed(.left, x: row.center.x, y: row.center.y, clicks: 1))
        #expect(s.view == .heatmaps && s.model?.layer == byPrevious[0].layer && s.selection.head == byPrevious[0].head)
    }

    @Test("a lecture jump to a cue after 'compare: freeze' freezes the model's picture of the cues before it")
    func jumpFreezes() throws {
        var s = try DecoderSessionTests.opened()
        let text = """
            [cue] A
            input: The capital of France is
            [cue] freeze
            compare: freeze
            [cue] B
            input: The capital of Italy is
            """
        let script = try CueScript.parse(
            text, name: "cmp", base: .lecture, trainedModel: (30, 9, true), loadModel: { _ in .success((30, 9, true)) }
        ).get()
        s.load(cues: script)
        try DecoderSessionTests.send(&s, .goToCue(2))
        try DecoderSessionTests.send(&s, .tick(seconds: 5))
        let a = try #require(s.compare.frozen)
        #expect(a.input == "The capital of France is" && a.frame.tokens.contains("␣France"), "\(a.frame.tokens)")
        #expect(a.nextTokens?.first?.text == "␣Paris" && s.input.text == "The capital of Italy is")
        #expect(s.lecture.replay == nil && s.lecture.index == 2)
        // The replay's "A frozen …" flash is not this cue's word, and a decoder has no [CLS]/[SEP].
        #expect(s.message == nil && !a.label.contains("CLS"), "\(s.message?.text ?? "") · \(a.label)")
    }
}
