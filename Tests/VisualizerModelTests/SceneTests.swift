import AttentionCore
import Foundation
import TestSupport
import Testing

@testable import VisualizerModel

@Suite("Scene")
struct SceneTests {
    @Test("heatmap tiles from the pixel memo are the tiles recomputing gives, whatever was drawn before")
    func tilePixelMemo() throws {
        func state(
            _ n: Int, seed: UInt64 = 42, mask: MaskSpec = .none, colormap: Colormap = .viridis, theme: Theme = .dark
        ) -> AppState {
            var settings = AttentionSettings.lecture
            settings.seed = seed
            settings.mask = mask
            var s = AppState(
                input: (0..<n).map { "w\($0 % 17)" }.joined(separator: " "), settings: settings,
                viewport: Size(1280, 720), theme: theme, colormap: colormap)
            _ = reduce(&s, .tick(seconds: 5))
            return s
        }
        /// The same state with every weight array in fresh storage: the memo cannot know it.
        func fresh(_ s: AppState) -> AppState {
            var c = s
            c.target.heads = s.target.heads.map { $0.map { $0 } }
            c.target.summary = s.target.summary.map { $0 }
            c.target.maskedCells = s.target.maskedCells.map { $0 }
            return c
        }
        func tiles(_ s: AppState) -> [[UInt32]] {
            scene(s).compactMap { c -> [UInt32]? in
                if case .heatmap(_, _, _, let px, _) = c, px.count > 64 { return px }
                return nil
            }
        }
        let base = state(40)
        var variants = [
            base, state(40, seed: 7), state(300), state(300, mask: MaskSpec(causal: true, padding: 30)),
            state(40, mask: MaskSpec(causal: false, padding: 5)),
        ]
        // Same weights (same storage), other colours: the memo must tell them apart.
        var recoloured = base
        recoloured.colormap = .magma
        var rethemed = base
        rethemed.theme = .light
        var masked = base
        masked.target.mask = MaskSpec(causal: true, padding: 0)
        variants += [recoloured, rethemed, masked]
        let truth = variants.map { tiles(fresh($0)) }
        for round in 0..<2 {
            for (i, v) in variants.enumerated() {
                let got = tiles(v)
                #expect(!got.isEmpty && got == truth[i], "variant \(i), round \(round)")
            }
        }
        #expect(truth[0] != truth[5] && truth[0] != truth[7], "the variants do differ")
    }

    /// A readable, stable rendering of a display list for snapshot files.
    static func describe(_ commands: [DrawCommand]) -> String {
        func f(_ v: Float) -> String { formatted(v, decimals: 1) }
        func r(_ r: Rect) -> String { "\(f(r.x)),\(f(r.y)) \(f(r.width))x\(f(r.height))" }
        func c(_ c: RGBA) -> String { String(c.argb, radix: 16) }
        return commands.map { cmd -> String in
            switch cmd {
            case .fillRect(let rect, let color): return "fill \(r(rect)) #\(c(color))"
            case .strokeRect(let rect, let color, let w): return "stroke \(r(rect)) #\(c(color)) w\(f(w))"
            case .line(let a, let b, let color, let w):
                return "line \(f(a.x)),\(f(a.y)) -> \(f(b.x)),\(f(b.y)) #\(c(color)) w\(f(w))"
            case .triangles(let v): return "triangles \(v.count)"
            case .text(let t):
                return
                    "text \"\(t.string)\" @\(f(t.position.x)),\(f(t.position.y)) s\(f(t.size)) #\(c(t.color)) \(t.anchor)"
                    + (t.maxWidth.map { " max\(f($0))" } ?? "") + (t.vertical ? " vertical" : "")
                    + (t.bold ? " bold" : "")
            case .heatmap(let rect, let cols, let rows, let px, let opacity):
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for p in px { h = (h ^ UInt64(p)) &* 0x100_0000_01b3 }
                return "heatmap \(r(rect)) \(cols)x\(rows) fnv \(String(h, radix: 16))"
                    + (opacity == 1 ? "" : " opacity \(formatted(opacity, decimals: 3))")
            case .pushClip(let rect): return "clip \(r(rect))"
            case .popClip: return "unclip"
            }
        }.joined(separator: "\n") + "\n"
    }

    static func check(_ name: String, _ state: AppState) throws {
        let actual = describe(scene(state))
        let path = RepoPaths.root() + "/Tests/VisualizerModelTests/Snapshots/\(name).txt"
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing snapshot \(path); record it with RECORD_SNAPSHOTS=1")
            return
        }
        if actual != expected {
            let out = RepoPaths.artifacts + "/snapshots/\(name).txt"
            try? FileManager.default.createDirectory(
                atPath: RepoPaths.artifacts + "/snapshots", withIntermediateDirectories: true)
            try? actual.write(toFile: out, atomically: true, encoding: .utf8)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("snapshot \(name) differs at line \(first + 1); actual written to \(out)")
        }
    }

    @Test("display-list snapshot: the settled default heatmaps")
    func snapshotDefault() throws {
        var s = AppState(input: "the cat sat on the mat", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        try Self.check("heatmaps-settled", s)
    }

    @Test("display-list snapshot: causal+padding mask with a hovered cell, mid-morph")
    func snapshotMasked() throws {
        var s = AppState(input: "one two three four", viewport: Size(960, 540))
        _ = reduce(&s, .tick(seconds: 5))
        _ = reduce(&s, .pointerMoved(x: 200, y: 300))
        s.settings.mask = MaskSpec(causal: true, padding: 1)
        _ = s.recompute()
        _ = reduce(&s, .tick(seconds: 0.1))
        try Self.check("heatmaps-causal-padding-mid", s)
    }

    @Test("display-list snapshots: arcs, inspector and explanation", arguments: [ViewKind.arcs, .inspector, .explain])
    func snapshotViews(view: ViewKind) throws {
        var s = AppState(input: "the cat sat on", viewport: Size(960, 540), view: view)
        _ = reduce(&s, .tick(seconds: 5))
        _ = reduce(&s, .pointerMoved(x: 300, y: 250))
        try Self.check("view-\(view.rawValue)", s)
    }

    @Test("masked cells use the theme's masked colour, never a colour-map colour")
    func maskedColour() {
        var s = AppState(
            input: "a b c d",
            settings: .init(dModel: 8, heads: 2, seed: 1, mask: MaskSpec(causal: true, padding: 0), positional: false))
        _ = reduce(&s, .tick(seconds: 5))
        let maps = scene(s).compactMap { c -> [UInt32]? in
            if case .heatmap(_, 4, 4, let px, _) = c { return px }
            return nil
        }
        #expect(maps.count == 3)
        for px in maps {
            #expect(px[0 * 4 + 1] == s.theme.masked.argb)
            #expect(px[1 * 4 + 0] != s.theme.masked.argb)
        }
    }

    @Test("labels thin out instead of smearing when cells are small")
    func labelThinning() {
        let text = (0..<120).map { "w\($0)" }.joined(separator: " ")
        var s = AppState(input: text, viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        let rowLabels = scene(s).compactMap { c -> TextItem? in
            if case .text(let t) = c, t.anchor == .centerRight, t.string.hasPrefix("w") { return t }
            return nil
        }
        #expect(rowLabels.count < 60)
        #expect(rowLabels.count >= 10)
        let ys = rowLabels.map(\.position.y).sorted()
        for (a, b) in zip(ys, ys.dropFirst()) { #expect(b - a >= rowLabels[0].size) }
    }

    @Test("above 256 tokens the heatmaps pool f×f blocks (max) into an overview")
    func pooledOverview() throws {
        let text = (0..<600).map { "w\($0)" }.joined(separator: " ")
        var s = AppState(
            input: text,
            settings: AttentionSettings(
                dModel: 8, heads: 2, seed: 1,
                mask: MaskSpec(causal: true, padding: 0), positional: false))
        _ = reduce(&s, .tick(seconds: 5))
        let f = s.displayed
        #expect(f.pool == 3 && f.n == 200 && f.tokenCount == 600)
        let trace = try #require(s.trace)
        var m: Float = 0
        for i in 3..<6 { for j in 0..<3 { m = max(m, trace.heads[1].weights[i, j]) } }
        #expect(f.heads[1][1 * 200 + 0] == m)
        #expect(f.isMasked(0, 1))
        #expect(!f.isMasked(1, 1))
        #expect(f.tokens[1] == "4–6")
        let sizes = scene(s).compactMap { c -> Int? in
            if case .heatmap(_, let cols, let rows, _, _) = c, cols == rows { return cols }
            return nil
        }
        #expect(sizes.contains(200))
        #expect(!sizes.contains(600))
    }

    @Test("every rect stays inside the viewport, from tiny to huge windows")
    func insideViewport() {
        for (w, h) in [(1, 1), (320, 200), (1280, 720), (3840, 2160), (8000, 8000)] {
            var s = AppState(input: "the cat sat on the mat", viewport: Size(Float(w), Float(h)))
            _ = reduce(&s, .keyPressed(.f1, []))
            _ = reduce(&s, .tick(seconds: 0.2))
            for cmd in scene(s) {
                let rect: Rect?
                switch cmd {
                case .fillRect(let r, _), .strokeRect(let r, _, _), .heatmap(let r, _, _, _, _): rect = r
                default: rect = nil
                }
                if let r = rect, r.width > 0, r.height > 0 {
                    #expect(
                        r.x >= -0.01 && r.y >= -0.01 && r.maxX <= Float(w) + 0.01 && r.maxY <= Float(h) + 0.01,
                        "\(r) in \(w)x\(h)")
                }
            }
        }
    }

    @Test("the help overlay lists every binding that works in the current mode, and only those")
    func helpListsBindings() {
        let info = ModelInfo(name: "tiny", layers: 2, heads: 2, hidden: 8, maxTokens: 40)
        for model in [nil, ModelSession(info: info)] {
            var s = AppState(input: "a", model: model)
            _ = reduce(&s, .keyPressed(.f1, []))
            let texts = Set(
                scene(s).compactMap { c -> String? in
                    if case .text(let t) = c { return t.string }
                    return nil
                })
            let active = KeyBindings.active(model: model != nil, decoder: false)
            // Keys that do the same thing share a row: "F12 / Ctrl+S", "(Shift+)Delete".
            func listed(_ label: String) -> Bool {
                texts.contains { t in
                    t == label || t.components(separatedBy: " / ").contains(label)
                        || (t.hasPrefix("(")
                            && (t.hasSuffix(")" + label) || t.filter { $0 != "(" && $0 != ")" } == label))
                }
            }
            for b in active { #expect(listed(b.label) && texts.contains(b.help), "\(b.label)") }
            for b in KeyBindings.all where !active.contains(b) { #expect(!texts.contains(b.help), "\(b.help) shown") }
            #expect(texts.contains("model view: next layer") == (model != nil))
            #expect(texts.contains("double d_model") == (model == nil))
        }
        // Every binding is in one list or the other.
        for b in KeyBindings.all {
            #expect(
                KeyBindings.active(model: true, decoder: true).contains(b)
                    || KeyBindings.active(model: true).contains(b)
                    || KeyBindings.active(model: false).contains(b))
        }
    }

    @Test("a decoder's keys are in the binding table with their condition: Tab, Ctrl+T, Ctrl+Shift+T, Ctrl+Enter")
    func decoderBindings() {
        #expect(KeyBindings.command(for: .tab, [], in: .heatmaps) == .view(.next))
        #expect(KeyBindings.command(for: .tab, [], in: .heatmaps, decoder: true) == .generation(.takeTopToken))
        #expect(KeyBindings.command(for: .letterT, .control, in: .heatmaps) == .settings(.temperatureUp))
        #expect(
            KeyBindings.command(for: .letterT, [.control, .shift], in: .heatmaps, decoder: true)
                == .generation(.temperatureDown))
        // The help with a decoder lists its Tab and Ctrl+T, not the ones they replace.
        let help = KeyBindings.active(model: true, decoder: true)
        #expect(
            help.contains { $0.command == .generation(.takeTopToken) } && !help.contains { $0.command == .view(.next) })
        #expect(help.contains { $0.command == .generation(.temperatureUp) && $0.label == "Ctrl+T" })
        #expect(!KeyBindings.active(model: true).contains { $0.when == .decoder })
    }

    @Test("format never prints -0 and rounds half away from zero consistently")
    func formatting() {
        #expect(formatted(-0.0001, decimals: 2) == "0.00")
        #expect(formatted(0.125, decimals: 2) == "0.13")
        #expect(formatted(-1.5, decimals: 0) == "-2")
        #expect(formatted(0.05, decimals: 3) == "0.050")
        #expect(formatted(12.3456, decimals: 1) == "12.3")
    }
}
