import AttentionCore
import Testing

@testable import VisualizerModel

/// The F1 overlay from the back of the room: every binding at 14 px or more at 1280×720 in the
/// projector theme, whole (it shrank to 11 px in a panel 72 characters wide).
@Suite("Help overlay legibility")
struct HelpOverlayTests {
    @Test("at 1280×720, projector theme, every line of F1's help is ≥ 14 px and fits its column, decoder or toy")
    func legible() throws {
        let decoder = try DecoderSessionTests.opened()
        let toy = AppState(input: "the cat sat", viewport: Size(1280, 720), theme: .projector)
        for var s in [decoder, toy] {
            s.theme = .projector
            _ = reduce(&s, .viewportResized(width: 1280, height: 720))
            _ = reduce(&s, .keyPressed(.f1, []))
            #expect(s.showHelp)
            let m = LayoutMetrics(s)
            let items = scene(s).compactMap { c -> TextItem? in
                if case .text(let t) = c { return t }
                return nil
            }
            let active = KeyBindings.active(model: s.model != nil, decoder: s.isDecoder)
            for b in active {
                let help = items.first { $0.string == b.help }
                #expect(help != nil, "\(b.label) is not listed whole")
                if let help {
                    #expect(help.size >= 14, "\(b.help) at \(help.size) px")
                    #expect(m.width(help.string, help.size) <= (help.maxWidth ?? .infinity) + 0.5, "\(b.help) is cut")
                }
            }
        }
    }
}
