import AttentionCore
import Testing

@testable import VisualizerModel

/// The window while its model is read: a bar that fills with the bytes read, the model's
/// name, legible text, and nothing typed lost to a model that is not there yet.
@Suite("Loading screen")
struct LoadingScreenTests {
    static let eightB = 4_520_924_480

    static func loading(read: Int) -> AppState {
        var s = AppState.loading(
            LoadingModel(name: "llama-8b-shaped.Q4_K.gguf", bytes: 0), viewport: Size(1280, 720), theme: .projector)
        _ = reduce(&s, .modelLoading(read: read, of: eightB))
        return s
    }

    static func texts(_ s: AppState) -> [TextItem] {
        scene(s).compactMap { c -> TextItem? in
            if case .text(let t) = c { return t }
            return nil
        }
    }

    @Test("the bar fills with the bytes read and the caption says how far, 'loading 4.5 GB … 37 %'")
    func progress() {
        let s = Self.loading(read: Self.eightB * 37 / 100 + 1)
        let strings = Self.texts(s).map(\.string)
        #expect(strings.contains("loading 4.5 GB … 37 %"), "\(strings)")
        #expect(strings.contains { $0.contains("llama-8b-shaped.Q4_K.gguf") })
        let fills = scene(s).compactMap { c -> Rect? in
            if case .fillRect(let r, let color) = c, color == s.theme.accent { return r }
            return nil
        }
        let tracks = scene(s).compactMap { c -> Rect? in
            if case .strokeRect(let r, _, _) = c { return r }
            return nil
        }
        let (fill, track) = (fills.first, tracks.first)
        #expect(fill != nil && track != nil)
        if let fill, let track { #expect(abs(fill.width / track.width - 0.37) < 0.001, "\(fill) in \(track)") }
        let done = Self.texts(Self.loading(read: Self.eightB)).map(\.string)
        #expect(done.contains { $0.contains("making the weights ready") }, "\(done)")
    }

    @Test("every text on the loading screen is at least 14 px and fits the window", arguments: [1280, 640, 320])
    func legible(width: Int) {
        var s = Self.loading(read: 1 << 30)
        _ = reduce(&s, .viewportResized(width: Float(width), height: Float(width) * 9 / 16 + 20))
        for t in Self.texts(s) {
            #expect(t.size >= 14, "\(t.string) at \(t.size) px")
            #expect((t.maxWidth ?? .infinity) <= s.viewport.width, "\(t.string) is not bounded by the window")
        }
    }

    @Test("while loading, typing and clicks change nothing; Ctrl+Q quits; time and resizing go on")
    func keys() {
        var s = Self.loading(read: 100)
        let before = s
        for a: Action in [
            .textTyped("the cat"), .keyPressed(.backspace, []), .keyPressed(.letterU, .control),
            .pointerPressed(.left, x: 640, y: 360, clicks: 1), .keyPressed(.f1, []), .goToCue(2),
        ] {
            #expect(reduce(&s, a).isEmpty && s == before, "\(a) changed the loading screen")
        }
        #expect(reduce(&s, .keyPressed(.letterQ, .control)) == [.quit])
        _ = reduce(&s, .viewportResized(width: 1000, height: 600))
        _ = reduce(&s, .tick(seconds: 0.25))
        #expect(s.viewport == Size(1000, 600) && s.time == 0.25 && s.loading?.read == 100)
    }
}
