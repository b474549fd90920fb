import AttentionCore
import TestSupport
import Testing

@testable import SDLBackend
@testable import VisualizerModel

/// Every word the interface writes must fit where it is drawn, measured with the real font:
/// the backend's "…" is a last resort for user tokens, never for a title, caption or tick.
@Suite("Interface text fits", .serialized)
struct TextFitTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var view: ViewKind
        var theme: Theme
        var size: Size
        var input = "the cat sat on the mat because it was tired"
        var configure: @Sendable (inout AppState) -> Void = { _ in }
        var description: String { "\(name) \(view) \(theme.name) \(Int(size.width))x\(Int(size.height))" }
    }

    static let sizes = [Size(1280, 720), Size(1920, 1080), Size(1024, 640)]
    static var cases: [Case] {
        var out: [Case] = []
        for size in sizes {
            for theme in Theme.all {
                for view in [ViewKind.heatmaps, .arcs, .inspector, .explain] {
                    out.append(Case(name: "plain", view: view, theme: theme, size: size))
                }
                out.append(
                    Case(name: "help", view: .heatmaps, theme: theme, size: size) { s in
                        _ = reduce(&s, .keyPressed(.f1, []))
                    })
                out.append(
                    Case(name: "zoomed", view: .heatmaps, theme: theme, size: size) { s in
                        _ = reduce(&s, .wheel(dx: 0, dy: 3, .control))
                    })
                out.append(
                    Case(
                        name: "long", view: .heatmaps, theme: theme, size: size,
                        input: (0..<300).map { "w\($0 % 37)" }.joined(separator: " ")))
                out.append(
                    Case(
                        name: "long", view: .arcs, theme: theme, size: size,
                        input: (0..<300).map { "w\($0 % 37)" }.joined(separator: " ")))
                out.append(
                    Case(name: "masked", view: .inspector, theme: theme, size: size) { s in
                        _ = reduce(&s, .keyPressed(.letterM, .control))
                    })
            }
        }
        return out
    }

    @Test("the model view's text fits too (tiny generated BERT, every theme and size)")
    func modelViewFits() throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        for size in Self.sizes {
            for theme in Theme.all {
                var s = GoldenTests.modelState("the cat sat on the mat ||| it was tired", view: .model)
                s.theme = theme
                s.textWidths = r.textWidths
                _ = reduce(&s, .viewportResized(width: size.width, height: size.height))
                _ = reduce(&s, .tick(seconds: 5))
                let cut = Self.cutLabels(s, r)
                #expect(cut.isEmpty, "model view \(theme.name) \(size): \(cut.joined(separator: "; "))")
            }
        }
    }

    @Test("a hovered cell's tooltip fits its text, plain and in a long input's overview")
    func tooltipFits() throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        let long = (0..<4000).map { "w\($0 % 37)" }.joined(separator: " ")
        for size in Self.sizes {
            for theme in [Theme.projector, .dark] {
                for input in ["the cat sat on the mat because it was tired", long] {
                    var s = AppState(input: input, viewport: size, view: .heatmaps, theme: theme)
                    s.textWidths = r.textWidths
                    _ = reduce(&s, .tick(seconds: 5))
                    _ = reduce(&s, .pointerMoved(x: size.width * 0.25, y: size.height * 0.6))
                    let texts = scene(s).compactMap { c -> String? in
                        if case .text(let t) = c { return t.string }
                        return nil
                    }
                    #expect(
                        texts.contains { $0.hasPrefix("query ") || $0.hasPrefix("queries ") }, "no tooltip at \(size)")
                    let cut = Self.cutLabels(s, r)
                    #expect(
                        cut.isEmpty,
                        "tooltip \(theme.name) \(size) \(input.count) chars: \(cut.joined(separator: "; "))")
                }
            }
        }
    }

    /// Interface strings cut to fit; `strict`: the input's tokens too.
    static func cutLabels(_ s: AppState, _ r: HeadlessRenderer, strict: Bool = false) -> [String] {
        var cut: [String] = []
        for case .text(let item) in scene(s) where item.maxWidth != nil && (strict || !isUserText(item.string, s)) {
            let px = Int(item.size.rounded())
            guard let font = r.scene.fonts.font(size: px, bold: item.bold) else { continue }
            let shaper = TextRenderer(
                font: font, emoji: r.scene.fonts.emoji, fallbacks: r.scene.fonts.fallbacks(size: px))
            let limit = Int((item.maxWidth ?? 0))
            if TextCache.fit(item.string, with: shaper, maxWidth: limit) != item.string {
                cut.append("\"\(item.string)\" (\(shaper.measure(item.string)) px in \(limit))")
            }
        }
        return cut
    }

    /// Strings that come from the user's input (token labels may be cut when the column is narrow).
    static func isUserText(_ s: String, _ state: AppState) -> Bool {
        s == "PAD" || state.input.text.contains(s) || s.hasPrefix("▸") || s.hasPrefix("##") || s == "[CLS]"
            || s == "[SEP]"
    }

    @Test("no interface label is cut to … (every view, theme and projector size)", arguments: cases)
    func fits(_ c: Case) throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        var s = AppState(input: c.input, viewport: c.size, view: c.view, theme: c.theme)
        s.textWidths = r.textWidths
        _ = reduce(&s, .tick(seconds: 5))
        c.configure(&s)
        _ = reduce(&s, .tick(seconds: 5))
        let cut = Self.cutLabels(s, r)
        #expect(cut.isEmpty, "cut in \(c): \(cut.joined(separator: "; "))")
    }

    @Test("the layout's text widths cover the real font's, within 12 %")
    func widthsMatchFont() throws {
        let r = try HeadlessRenderer(width: 64, height: 64, fontPath: GoldenTests.fontPath)
        let w = r.textWidths
        let samples = [
            "average of 4 heads", "rows: queries · columns: keys", "W_q  16×16  ±0.61",
            "score = Σ ÷ √4 = -14.133 ÷ 2.000 = -7.066", "F1 help · Tab view · ↑↓ heads", "mmmm iiii",
        ]
        for px in [14, 17, 21, 28, 40] {
            for bold in [false, true] {
                let font = try #require(r.scene.fonts.font(size: px, bold: bold))
                let shaper = TextRenderer(font: font, emoji: nil, fallbacks: [])
                for t in samples {
                    let real = Float(shaper.measure(t))
                    let model = w.width(t, size: Float(px), bold: bold)
                    #expect(model >= real, "\(t) at \(px) px: layout \(model) < font \(real)")
                    #expect(model <= real * 1.12 + 2, "\(t) at \(px) px: layout \(model) ≫ font \(real)")
                }
            }
        }
    }
}

/// A lecture's captions, measured with the real font: two lines under the view, never a third
/// cut off (the "why that token?" lecture's last caption lost its end).
@Suite("Lecture captions fit", .serialized)
struct CaptionFitTests {
    @Test(
        "every caption of every lecture fits its two lines at 1280×720 in the projector theme (one was cut mid-sentence)",
        arguments: [
            ("attention-from-scratch.cues", nil), ("what-bert-looks-at.cues", (6, 12, false)),
            ("how-a-language-model-writes.cues", (30, 9, true)), ("why-that-token.cues", (30, 9, true)),
        ] as [(String, CueScript.ModelShape?)])
    func captionsFit(_ name: String, _ shape: CueScript.ModelShape?) throws {
        let script = try CueScript.parse(
            try String(contentsOfFile: RepoPaths.root() + "/assets/lectures/\(name)", encoding: .utf8), name: name,
            base: .lecture,
            loadModel: { _ in shape.map { .success($0) } ?? .failure(.init(reason: "no model")) }
        ).get()
        var s = AppState(input: "", viewport: Size(1280, 720), theme: .projector)
        let r = try HeadlessRenderer(width: 1280, height: 720, fontPath: GoldenTests.fontPath)
        s.textWidths = r.textWidths
        s.lecture.script = script
        let m = LayoutMetrics(s)
        let content = ChromeLayout(viewport: s.viewport, metrics: m).content
        for (k, cue) in script.cues.enumerated() {
            guard let caption = cue.caption else { continue }
            s.lecture.index = k
            let room = content.width - cueCounterWidth(s, m) - 4 * m.pad
            let lines = m.text.wrap(caption, size: m.title, bold: true, in: room)
            #expect(lines.count <= 2, "\(name) cue \(k + 1): \(lines.count) lines: \(caption)")
        }
    }

}
