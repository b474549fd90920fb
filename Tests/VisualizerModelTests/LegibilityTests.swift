import AppShell
import AttentionCore
import TestSupport
import Testing

@testable import VisualizerModel

/// What the back row needs: axes named on every tile, an honest colour scale, masked cells
/// that cannot be mistaken for a weight, and arcs that explain themselves.
@Suite("Legibility from the back row")
struct LegibilityTests {
    func settled(
        _ view: ViewKind, input: String = "the cat sat on the mat because it was tired",
        settings: AttentionSettings = .lecture, theme: Theme = .projector
    ) -> AppState {
        var s = AppState(input: input, settings: settings, viewport: Size(1280, 720), view: view, theme: theme)
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    func texts(_ s: AppState) -> [String] {
        scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
    }

    @Test("every heatmap tile names its axes: queries down, keys across")
    func axisTitles() {
        let s = settled(.heatmaps)
        let t = texts(s)
        #expect(t.filter { $0 == "keys →" }.count == s.settings.heads + 1)
        #expect(t.filter { $0 == "← queries" }.count == s.settings.heads)
        #expect(t.contains("queries ↓"))
    }

    @Test("thinned labels, overviews and zoom are said on the summary's note line")
    func notes() {
        var s = settled(.heatmaps, input: (0..<300).map { "w\($0)" }.joined(separator: " "))
        let note = texts(s).first { $0.contains("label") } ?? ""
        #expect(note.contains("overview: max of 2×2 blocks"))
        #expect(note.contains("every") && note.contains("label"))
        s = settled(.heatmaps)
        _ = reduce(&s, .wheel(dx: 0, dy: 3, []))
        #expect(texts(s).contains { $0.contains("zoomed (Home resets)") })
    }

    @Test("colorbar ticks are evenly spaced round numbers")
    func ticks() {
        for tenth in 1...10 {
            let vmax = Float(tenth) / 10
            let t = colorbarTicks(vmax)
            #expect(t.first == 0 && t.count >= 3 && t.count <= 6, "\(vmax): \(t)")
            let step = t[1] - t[0]
            for k in 1..<t.count { #expect(abs((t[k] - t[k - 1]) - step) < 1e-5, "\(vmax): \(t)") }
            #expect(t.last! <= vmax + 1e-5)
        }
        #expect(colorbarTicks(1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test("F8 switches the colour scale between auto and fixed 0–1, and the colorbar says which")
    func colorScale() {
        var s = settled(.heatmaps)
        #expect(s.colorScale == .auto)
        #expect(texts(s).contains("auto (F8)"))
        _ = reduce(&s, .keyPressed(.f8, []))
        #expect(s.colorScale == .fixed)
        #expect(s.message?.text == "colour scale: fixed, 0 to 1")
        #expect(texts(s).contains { $0.hasPrefix("fixed 0–1") })
        #expect(texts(s).contains("1.0"))
    }

    @Test("masked cells carry a stroke as well as their grey; unmasked frames have none")
    func maskHatch() {
        func strokes(_ s: AppState) -> Int {
            scene(s).filter {
                if case .line = $0 { return true }
                return false
            }.count
        }
        let plain = settled(.heatmaps)
        let causal = settled(
            .heatmaps,
            settings: AttentionSettings(
                dModel: 16, heads: 4, seed: 42, mask: MaskSpec(causal: true, padding: 0), positional: false))
        let n = 10
        // Every masked cell of the summary and of the 4 heads, plus the colorbar's swatch.
        #expect(strokes(causal) - strokes(plain) == 5 * n * (n - 1) / 2 + 0)
    }

    @Test("the arcs view says why nothing shows and what to press")
    func noArcs() {
        // A hot softmax over 300 tokens: every weight is near 1/300.
        var s = settled(
            .arcs, input: (0..<300).map { "t\($0)" }.joined(separator: " "),
            settings: AttentionSettings(dModel: 16, heads: 4, seed: 42, mask: .none, positional: false, temperature: 10)
        )
        s.arcs.minWeight = 0.5
        let t = texts(s)
        #expect(t.contains { $0.hasPrefix("No weight reaches 0.50: the largest is") })
        #expect(t.contains { $0.contains("Ctrl+Down lowers the threshold") })
        #expect(t.contains { $0.contains("every") && $0.contains("label") })
    }

    @Test("F7 puts queries in a left column and keys in a right one; hovering a key shows its incoming lines")
    func twoColumns() throws {
        var s = settled(.arcs, input: "the cat sat on the mat")
        _ = reduce(&s, .keyPressed(.f7, []))
        #expect(s.arcs.layout == .columns)
        let m = LayoutMetrics(s)
        let layout = ArcsLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, heads: 4,
            style: .columns, metrics: m)
        #expect(layout.tokens.count == 6 && layout.keys.count == 6)
        #expect(layout.tokens.allSatisfyNonEmpty { $0.maxX <= layout.arcArea.x + 0.5 })
        #expect(layout.keys.allSatisfyNonEmpty { $0.x >= layout.arcArea.maxX - 0.5 })
        s.arcs.topK = 0
        s.arcs.minWeight = 0
        let k = layout.keys[2]
        _ = reduce(&s, .pointerMoved(x: k.center.x, y: k.center.y))
        #expect(s.pointer.hover == .keyToken(2))
        let arcs = visibleArcs(s)
        #expect(!arcs.isEmpty && arcs.allSatisfyNonEmpty { $0.key == 2 })
        let lines = scene(s).filter {
            if case .line = $0 { return true }
            return false
        }.count
        #expect(lines >= arcs.count)
    }

    @Test("the inspector flows left to right: inputs sit left of (or in the column of) what they feed")
    func inspectorFlow() throws {
        let s = settled(.inspector)
        let panels = inspectorPanels(try #require(s.trace), head: 0)
        let byName = Dictionary(uniqueKeysWithValues: panels.map { ($0.name, $0) })
        for p in panels {
            for i in p.inputs { #expect(byName[i]!.column <= p.column, "\(i) → \(p.name)") }
        }
        // Panels never share a place.
        #expect(Set(panels.map { $0.column * 10 + $0.row }).count == panels.count)
    }
}

@Suite("Head-count morph")
struct MorphTests {
    @Test("while tiles move to a new head count, no two visible tile titles overlap")
    func titlesNeverCollide() {
        for from in [1, 2, 4, 8, 16] {
            for key in [Key.up, Key.down] {
                var s = AppState(
                    input: "the cat sat on the mat",
                    settings: AttentionSettings(dModel: 16, heads: from, seed: 42, mask: .none, positional: false),
                    viewport: Size(1280, 720), theme: .projector)
                _ = reduce(&s, .tick(seconds: 5))
                _ = reduce(&s, .keyPressed(key, []))
                let m = LayoutMetrics(s)
                for _ in 0..<80 {
                    _ = reduce(&s, .tick(seconds: 0.01))
                    var boxes: [(String, Rect)] = []
                    for case .text(let t) in scene(s)
                    where t.color.a > 3 && (t.string.hasPrefix("head ") || t.string == "keys →") {
                        let w = m.width(t.string, t.size)
                        let x = t.anchor == .centerRight ? t.position.x - w : t.position.x
                        boxes.append((t.string, Rect(x: x, y: t.position.y - t.size / 2, width: w, height: t.size)))
                    }
                    for a in 0..<boxes.count {
                        for b in (a + 1)..<boxes.count {
                            let i = boxes[a].1.intersection(boxes[b].1)
                            #expect(
                                i.width <= 0.5 || i.height <= 0.5,
                                "\(from)→ \(s.settings.heads) heads: '\(boxes[a].0)' overlaps '\(boxes[b].0)'")
                        }
                    }
                }
            }
        }
    }
}

@Suite("Long inputs in the background")
struct OverviewFirstTests {
    @Test("a long input's overview shows first; the trace that follows changes nothing on screen")
    func overviewThenTrace() throws {
        var s = AppState(input: (0..<600).map { "w\($0 % 41)" }.joined(separator: " "))
        s.engine.computesInBackground = true
        _ = reduce(&s, .tick(seconds: 5))
        let effects = reduce(&s, .textTyped(" more"))
        #expect(s.engine.computing)
        guard
            case .computeEngine(let request)? = effects.first(where: {
                if case .computeEngine = $0 { return true }
                return false
            })
        else {
            Issue.record("no engine request for a 601-token input")
            return
        }
        var answers: [Action] = []
        EngineRunner.runPhased(request, quietMilliseconds: 0, post: { answers.append($0) }, cancelled: { false })
        #expect(answers.count == 2)
        let oldTrace = s.trace
        _ = reduce(&s, answers[0])
        #expect(!s.engine.computing && s.engine.traceFollows)
        #expect(s.trace == oldTrace, "the trace waits for its own answer")
        #expect(s.target.tokenCount == 601)
        _ = reduce(&s, .tick(seconds: 5))
        let settled = s.transition
        _ = reduce(&s, answers[1])
        #expect(!s.engine.traceFollows && s.trace?.tokenCount == 601)
        #expect(s.transition == settled, "the trace's frame is the overview: no new animation")
        #expect(s.target == DisplayFrame(trace: try #require(s.trace)))
    }
}
