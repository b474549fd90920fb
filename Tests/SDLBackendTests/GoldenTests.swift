import AppShell
import AttentionCore
import Decoders
import Encoders
import Exports
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import SDLBackend
@testable import VisualizerModel

/// Renders named scenes headless and compares them with the BMPs in Goldens/.
@Suite("Golden frames", .serialized)
struct GoldenTests {
    static let fontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let size = (width: 640, height: 360)

    static func state(
        _ input: String, settings: AttentionSettings = .lecture, time: Double = 5,
        theme: Theme = .dark, colormap: Colormap = .viridis, _ configure: (inout AppState) -> Void = { _ in }
    ) -> AppState {
        var s = AppState(
            input: input, settings: settings, viewport: Size(Float(size.width), Float(size.height)), theme: theme,
            colormap: colormap)
        _ = reduce(&s, .tick(seconds: time))
        configure(&s)
        return s
    }

    /// A trained (tiny, generated) model's state, its forward run inline.
    static func modelState(_ input: String, view: ViewKind, _ configure: (inout AppState) -> Void = { _ in })
        -> AppState
    {
        guard let model = try? TinyBert().model() else { return state(input) }
        var s = AppState(
            input: input, viewport: Size(Float(size.width), Float(size.height)), view: view,
            model: ModelSession(info: ModelInfo(model)))
        ModelRunner.settle(&s, model, effects: s.pendingEffects())
        _ = reduce(&s, .tick(seconds: 5))
        configure(&s)
        return s
    }

    /// A fixed view as a lecturer shows it: 1280×720, projector theme. These goldens are also the
    /// README's screenshots (`make screenshots` converts them).
    static func projector(
        _ view: ViewKind, input: String = "the animal didn't cross the street because it was too tired",
        settings: AttentionSettings = .lecture, _ configure: (inout AppState) -> Void = { _ in }
    ) -> AppState {
        var s = AppState(input: input, settings: settings, viewport: Size(1280, 720), view: view, theme: .projector)
        s.input.showsCaret = false
        _ = reduce(&s, .tick(seconds: 5))
        configure(&s)
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    static let projectorScenes: [(String, AppState)] = [
        ("projector-heatmaps", projector(.heatmaps)),
        (
            "projector-heatmaps-causal",
            projector(
                .heatmaps,
                settings: AttentionSettings(
                    dModel: 16, heads: 4, seed: 42,
                    mask: MaskSpec(causal: true, padding: 0), positional: false))
        ),
        ("projector-arcs", projector(.arcs, input: "the cat sat on the mat")),
        ("projector-arcs-columns", projector(.arcs) { s in _ = reduce(&s, .keyPressed(.f7, [])) }),
        ("projector-inspector", projector(.inspector, input: "the cat sat on the mat")),
        ("projector-explain", projector(.explain) { s in s.selection = AppState.Selection(query: 8, key: 1, head: 0) }),
        ("projector-help", projector(.heatmaps) { s in _ = reduce(&s, .keyPressed(.f1, [])) }),
        // What " mat" looked at, head 2's bars (issue 29 B.1).
        (
            "projector-tokens",
            projector(.tokens) { s in
                s.selectLook(token: 6, head: true)
                s.selection.head = 1
            }
        ),
        // Two texts side by side, each with its own tokens (issue 29 B.5).
        (
            "projector-compare-texts",
            projector(.heatmaps) { s in
                _ = reduce(&s, .keyPressed(.letterF, .control))
                _ = reduce(&s, .keyPressed(.letterU, .control))
                _ = reduce(&s, .textTyped("the dog sat on the rug"))
            }
        ),
        (
            "projector-model",
            {
                var s = modelState("the animal didn't cross the street ||| because it was too tired", view: .model)
                s.theme = .projector
                s.input.showsCaret = false
                _ = reduce(&s, .viewportResized(width: 1280, height: 720))
                _ = reduce(&s, .tick(seconds: 5))
                return s
            }()
        ),
    ]

    static let scenes: [(String, AppState)] =
        projectorScenes + decoderScenes + [
            ("heatmaps-default", state("the cat sat on the mat")),
            (
                "heatmaps-causal-padding",
                state(
                    "one two three four five",
                    settings: AttentionSettings(
                        dModel: 16, heads: 2, seed: 7, mask: MaskSpec(causal: true, padding: 1), positional: true))
            ),
            ("heatmaps-opening-mid", state("attention is all you need", time: 0.3)),
            (
                "heatmaps-hover-light",
                state("the cat sat on the mat", theme: .light) { s in
                    _ = reduce(&s, .pointerMoved(x: 150, y: 220))
                }
            ),
            ("help-overlay", state("a b c") { s in _ = reduce(&s, .keyPressed(.f1, [])) }),
            (
                "arcs",
                state("the cat sat on the mat") { s in
                    _ = reduce(&s, .keyPressed(.f3, []))
                    _ = reduce(&s, .tick(seconds: 1))
                }
            ),
            (
                "arcs-hover-causal",
                state(
                    "one two three four five",
                    settings: AttentionSettings(
                        dModel: 16, heads: 2, seed: 7, mask: MaskSpec(causal: true, padding: 0), positional: false)
                ) { s in
                    _ = reduce(&s, .keyPressed(.f3, []))
                    _ = reduce(&s, .tick(seconds: 1))
                    _ = reduce(&s, .pointerMoved(x: 330, y: 306))
                }
            ),
            ("theme-light", state("the cat sat on the mat", theme: .light)),
            ("theme-projector", state("the cat sat on the mat", theme: .projector)),
            ("colormap-magma", state("the cat sat on the mat", colormap: .magma)),
            ("colormap-cividis", state("the cat sat on the mat", colormap: .cividis)),
            ("colormap-gray", state("the cat sat on the mat", colormap: .gray)),
            (
                "heatmaps-zoomed",
                state((0..<30).map { "w\($0)" }.joined(separator: " ")) { s in
                    for _ in 0..<6 { _ = reduce(&s, .keyPressed(.equals, [.control, .shift])) }
                }
            ),
            (
                "inspector",
                state("the cat sat") { s in
                    _ = reduce(&s, .keyPressed(.f4, []))
                    _ = reduce(&s, .tick(seconds: 1))
                }
            ),
            (
                "explain",
                state("the cat sat on") { s in
                    _ = reduce(&s, .keyPressed(.f5, []))
                    _ = reduce(&s, .keyPressed(.right, []))
                    _ = reduce(&s, .tick(seconds: 1))
                }
            ),
            (
                "model-view",
                modelState("the cat sat on the mat ||| it was tired", view: .model) { s in
                    _ = reduce(&s, .pointerMoved(x: 300, y: 150))
                }
            ),
            (
                "model-heatmaps-pair",
                modelState("the cat sat ||| it was tired", view: .heatmaps) { s in
                    _ = reduce(&s, .keyPressed(.letterB, .control))
                    _ = reduce(&s, .tick(seconds: 1))
                }
            ),
        ]

    static func render(_ s: AppState) throws -> BMPImage {
        let w = Int(s.viewport.width)
        let h = Int(s.viewport.height)
        let r = try HeadlessRenderer(width: w, height: h, fontPath: fontPath)
        let px = r.render(s)
        return try BMPImage(bytes: BMPFile.encode(argb: px, width: w, height: h))
    }

    @Test(
        "each named scene matches its golden BMP (exact, else within the named tolerance)", arguments: scenes.map(\.0))
    func golden(name: String) throws {
        let s = try #require(Self.scenes.first { $0.0 == name }?.1)
        let actual = try Self.render(s)
        let path = RepoPaths.root() + "/Tests/SDLBackendTests/Goldens/\(name).bmp"
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
            try BMPFile.writeAtomically(
                BMPFile.encode(argb: actual.pixels, width: actual.width, height: actual.height), to: path)
            return
        }
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("missing golden \(path); record goldens explicitly with RECORD_GOLDENS=1")
            return
        }
        let expected = try BMPImage(contentsOf: path)
        if actual.pixels == expected.pixels && actual.width == expected.width { return }
        let tol = GoldenTolerance.antialiasing
        let diff = ImageDiff.compare(actual, expected)
        let dir = RepoPaths.artifacts + "/goldens"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try BMPFile.writeAtomically(
            BMPFile.encode(argb: actual.pixels, width: actual.width, height: actual.height),
            to: "\(dir)/\(name)-actual.bmp")
        if let d = diff {
            try BMPFile.writeAtomically(
                BMPFile.encode(argb: d.diffImage, width: actual.width, height: actual.height),
                to: "\(dir)/\(name)-diff.bmp")
        }
        guard let d = diff else {
            Issue.record(
                "\(name): size \(actual.width)x\(actual.height) differs from the golden \(expected.width)x\(expected.height); see \(dir)"
            )
            return
        }
        let within = d.maxChannelDelta <= tol.maxChannelDelta && d.differingPixels <= tol.maxDifferingPixels
        #expect(
            within,
            "\(name): \(d.differingPixels) pixels differ, max channel delta \(d.maxChannelDelta) (tolerance '\(tol.name)': \(tol.maxDifferingPixels) px, delta \(tol.maxChannelDelta)); actual and diff in \(dir)"
        )
    }

    @Test("the README's screenshots were made from the current projector goldens (`make screenshots`)")
    func screenshotsFromGoldens() throws {
        let root = RepoPaths.root()
        let sources = try String(contentsOfFile: root + "/assets/screenshots/SOURCES", encoding: .utf8)
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let lines = sources.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count >= 4)
        for parts in lines where parts.count == 3 {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/Tests/SDLBackendTests/Goldens/" + parts[1]))
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            let hex = String(h, radix: 16)
            #expect(
                String(repeating: "0", count: 16 - hex.count) + hex == parts[2],
                "\(parts[1]) changed since \(parts[0]) was made: run `make screenshots`")
            #expect(FileManager.default.fileExists(atPath: root + "/assets/screenshots/" + parts[0]))
            #expect(readme.contains("assets/screenshots/\(parts[0])"), "README does not show \(parts[0])")
        }
    }

    @Test("the same state renders the same pixels every time")
    func deterministic() throws {
        let s = try #require(Self.scenes.first { $0.0 == "heatmaps-causal-padding" }).1
        #expect(try Self.render(s) == Self.render(s))
    }

    @Test("a golden shows what it claims: the summary tile has viridis colours, masked cells the masked grey")
    func frameContent() throws {
        let s = try #require(Self.scenes.first { $0.0 == "heatmaps-causal-padding" }).1
        let img = try Self.render(s)
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        let layout = HeatmapLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, metrics: m)
        let g = layout.tiles[0].grid
        let cell = g.width / 5
        func pixel(_ i: Int, _ j: Int) -> UInt32 {
            let x = Int(g.x + (Float(j) + 0.15) * cell)
            let y = Int(g.y + (Float(i) + 0.15) * cell)
            return img.pixels[y * img.width + x] & 0x00ff_ffff
        }
        #expect(pixel(0, 3) == s.theme.masked.argb & 0x00ff_ffff)  // causal
        #expect(pixel(3, 4) == s.theme.masked.argb & 0x00ff_ffff)  // padding
        #expect(Colormap.viridis.table.map { $0 & 0x00ff_ffff }.contains(pixel(1, 0)))
    }
}
