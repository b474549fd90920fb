import AttentionCore

/// The frame around every view: title, input line, content, status line.
public struct ChromeLayout: Equatable, Sendable {
    public var title: Rect
    public var input: Rect
    public var content: Rect
    public var status: Rect

    public init(viewport: Size, metrics m: LayoutMetrics) {
        let all = Rect(x: 0, y: 0, width: viewport.width, height: viewport.height)
        let (title, rest) = all.splitTop(m.title * 2.1)
        let (input, rest2) = rest.splitTop(m.base * 2.2)
        let (status, content) = rest2.splitBottom(m.small * 1.9)
        self.title = title
        self.input = input
        self.content = content.inset(m.pad)
        self.status = status
    }
}

extension ChromeLayout {
    /// The frame of a state: a lecture's caption, when there is one, takes the bottom of the
    /// content, so the views lay out above it instead of under it.
    public init(_ state: AppState, metrics m: LayoutMetrics) {
        self.init(viewport: state.viewport, metrics: m)
        let lines = captionLines(state, content: content, m)
        if !lines.isEmpty {
            let h = m.title * (1.35 * Float(lines.count) + 0.5) + m.pad
            content.height = max(0, content.height - h)
        }
    }
}

func cueCounterText(_ state: AppState) -> String {
    guard let script = state.lecture.script else { return "" }
    return state.lecture.index < 0
        ? "cues: PageDown starts (\(script.cues.count))" : "\(state.lecture.index + 1) / \(script.cues.count)"
}
