import AppShell
import AttentionCore
import Decoders
import Testing

@testable import VisualizerModel

/// Issue 29's legibility test: every string of the screens a "why that token?" lecture shows,
/// measured at 1280×720 in the projector theme, with SmolLM2 and with the seeded engine: at
/// least 14 px, whole (no cut where a string was given its room), inside the window.
@Suite("Projector legibility of the lecture's screens")
struct ProjectorLegibilityTests {
    static func problems(_ s: AppState) -> [String] {
        let m = LayoutMetrics(s)
        var out: [String] = []
        for case .text(let t) in scene(s) {
            if t.size < 14 { out.append("'\(t.string)' at \(t.size) px") }
            let w = m.width(t.string, t.size, bold: t.bold)
            if let limit = t.maxWidth, w > limit + 1 { out.append("'\(t.string)' is \(w) px in \(limit)") }
            let extent = t.vertical ? (0, w) : (w, 0)
            let inside =
                t.position.x >= 0 && t.position.y >= 0 && t.position.x <= s.viewport.width + 0.5
                && t.position.y <= s.viewport.height + 0.5
                && (t.anchor != .topLeft
                    || t.position.x + min(extent.0, t.maxWidth ?? .infinity) <= s.viewport.width + 1)
            if !inside { out.append("'\(t.string)' outside the window at \(t.position)") }
        }
        return out + overlaps(s)
    }

    /// Texts whose boxes cross (shrunk by 2 px, so touching is allowed).
    static func overlaps(_ s: AppState) -> [String] {
        let m = LayoutMetrics(s)
        var boxes: [(String, Rect)] = []
        for case .text(let t) in scene(s) {
            let w = min(m.width(t.string, t.size, bold: t.bold), t.maxWidth ?? .infinity)
            let h = t.size * 1.15
            let (bw, bh) = t.vertical ? (h, w) : (w, h)
            var x = t.position.x
            var y = t.position.y
            switch t.anchor {
            case .topLeft, .centerLeft, .bottomLeft: break
            case .topCenter, .center, .bottomCenter: x -= bw / 2
            case .topRight, .centerRight, .bottomRight: x -= bw
            }
            switch t.anchor {
            case .topLeft, .topCenter, .topRight: break
            case .centerLeft, .center, .centerRight: y -= bh / 2
            case .bottomLeft, .bottomCenter, .bottomRight: y -= bh
            }
            boxes.append((t.string, Rect(x: x + 2, y: y + 2, width: max(0, bw - 4), height: max(0, bh - 4))))
        }
        var out: [String] = []
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i].1
                let b = boxes[j].1
                if a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY {
                    out.append("'\(boxes[i].0)' overlaps '\(boxes[j].0)'")
                }
            }
        }
        return out
    }

    @Test("SmolLM2: model view, lens, next tokens with 'all others', two prompts, the looked-at bars")
    func smolLM2() throws {
        var s = try DecoderSessionTests.opened()
        s.theme = .projector
        // The next-token panel at T 1.5: "all others" holds most of the probability.
        for _ in 0..<4 { try DecoderSessionTests.send(&s, .keyPressed(.letterT, .control)) }
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.generation.sampling.temperature == 1.5)
        #expect(DecoderSessionTests.texts(s).contains("all others"))
        #expect(Self.problems(s).isEmpty, "next tokens: \(Self.problems(s))")
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(Self.problems(s).isEmpty, "model view: \(Self.problems(s))")
        try DecoderSessionTests.send(&s, .keyPressed(.letterL, .control))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(Self.problems(s).isEmpty, "lens: \(Self.problems(s))")
        // The induction preset in the model view: badges and the list of heads by score, on
        // the page of layer 19 (its page label was cut at this size).
        try DecoderSessionTests.send(&s, .keyPressed(.letterI, .control))
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        s.model?.layer = 18
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(DecoderSessionTests.texts(s).contains("heads"))
        #expect(Self.problems(s).isEmpty, "model view, induction: \(Self.problems(s))")
        // Its best induction head knocked out: the panel's before → after, with the movers that
        // left the top 10.
        s.selection.head = 6
        try DecoderSessionTests.send(&s, .keyPressed(.delete, []))
        try DecoderSessionTests.send(&s, .keyPressed(.f2, []))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.model?.output?.movers.isEmpty == false && s.model?.output?.nextTokensBefore != nil)
        #expect(Self.problems(s).isEmpty, "knock-out panel: \(Self.problems(s))")
        try DecoderSessionTests.send(&s, .keyPressed(.f6, []))
        try DecoderSessionTests.send(&s, .keyPressed(.delete, []))
        try DecoderSessionTests.send(&s, .keyPressed(.letterU, .control))
        try DecoderSessionTests.send(&s, .textTyped("The capital of France is"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        // Written tokens, then what the last one looked at.
        try DecoderSessionTests.send(&s, .keyPressed(.enter, .control))
        for _ in 0..<20 { try DecoderSessionTests.send(&s, .tick(seconds: 0.5)) }
        try DecoderSessionTests.send(&s, .keyPressed(.escape, []))
        try DecoderSessionTests.send(&s, .keyPressed(.letterW, .control))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(LookedAt(s).written.contains(true))
        #expect(Self.problems(s).isEmpty, "looked-at: \(Self.problems(s))")
        // Two prompts compared.
        try DecoderSessionTests.send(&s, .keyPressed(.letterU, .control))
        try DecoderSessionTests.send(&s, .textTyped("The capital of France is"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        try DecoderSessionTests.send(&s, .keyPressed(.letterF, .control))
        try DecoderSessionTests.send(&s, .keyPressed(.letterU, .control))
        try DecoderSessionTests.send(&s, .textTyped("The biggest city in Italy is"))
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        #expect(s.view == .heatmaps && s.compare.frozen != nil)
        #expect(Self.problems(s).isEmpty, "two prompts: \(Self.problems(s))")
    }

    @Test("21 tokens of SmolLM2: the summary grows until every token keeps a 14 px label (it named every 2nd)")
    func summaryLabelsEveryToken() throws {
        var s = try DecoderSessionTests.opened(
            "The quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat near the door")
        s.theme = .projector
        try DecoderSessionTests.send(&s, .tick(seconds: 3))
        let frame = s.displayed
        #expect(frame.n == 21)
        let m = LayoutMetrics(s)
        let layout = HeatmapLayout(
            content: s.heatmapArea(ChromeLayout(s, metrics: m).content, m).main, frame: frame, metrics: m)
        let summary = try #require(layout.tiles.first)
        let axes = HeatmapAxes(frame: frame, grid: summary.grid, zoom: s.zoom)
        #expect(labelStride(frame, summary, axes) == 1 && summary.labelSize >= 14, "\(summary)")
        #expect(Self.problems(s).isEmpty, "\(Self.problems(s))")
    }

    @Test("the seeded engine: the looked-at bars and two prompts side by side")
    func seeded() throws {
        var s = AppState(input: "the cat sat on the mat because it was tired", theme: .projector)
        _ = reduce(&s, .tick(seconds: 5))
        _ = reduce(&s, .keyPressed(.letterW, .control))
        _ = reduce(&s, .tick(seconds: 2))
        #expect(s.view == .tokens && LookedAt(s).labels.count == 10)
        #expect(Self.problems(s).isEmpty, "looked-at: \(Self.problems(s))")
        _ = reduce(&s, .keyPressed(.letterF, .control))
        _ = reduce(&s, .keyPressed(.letterU, .control))
        _ = reduce(&s, .textTyped("the dog sat on the rug"))
        _ = reduce(&s, .tick(seconds: 3))
        #expect(DecoderSessionTests.texts(s).contains { $0.hasPrefix("A: …cat") })
        #expect(Self.problems(s).isEmpty, "two prompts: \(Self.problems(s))")
    }
}
