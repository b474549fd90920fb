import AttentionCore

/// Text sizes that scale with the window: at least 14 px at 1280×720, larger on big screens.
public struct LayoutMetrics: Equatable, Sendable {
    public var base: Float
    public var small: Float
    public var title: Float
    public var pad: Float
    /// How wide text is in the font the backend draws with.
    public var text: TextWidths

    public init(viewport: Size, theme: Theme, fontScale: Float = 1, text: TextWidths = .estimate) {
        self.text = text
        let k = min(viewport.width / 1280, viewport.height / 720)
        // Never below 14 px: a smaller font scale only calms text on large windows.
        base = max(14, min(max(16 * k, 14), 40) * theme.textScale * fontScale)
        small = max(14, base * 0.875)
        title = base * 1.35
        pad = max(4, base * 0.5)
    }

    /// The width of `s` at `size`.
    public func width(_ s: String, _ size: Float, bold: Bool = false) -> Float {
        text.width(s, size: size, bold: bold)
    }

    /// The first of `choices` that fits in `maxWidth` at `size` (the last when none does).
    public func fitting(_ choices: [String], _ size: Float, bold: Bool = false, in maxWidth: Float) -> String {
        text.first(fitting: choices, size: size, bold: bold, in: maxWidth)
    }
}

extension LayoutMetrics {
    /// The metrics of a state: its window, theme and font scale.
    public init(_ state: AppState) {
        self.init(viewport: state.viewport, theme: state.theme, fontScale: state.fontScale, text: state.textWidths)
    }
}

/// The caption's lines (at most two) as they fit the content's width, beside the cue counter.
func captionLines(_ state: AppState, content: Rect, _ m: LayoutMetrics) -> [String] {
    guard state.lecture.script != nil, let caption = state.lecture.caption, !caption.isEmpty else { return [] }
    return Array(
        m.text.wrap(caption, size: m.title, bold: true, in: content.width - cueCounterWidth(state, m) - 4 * m.pad)
            .prefix(2))
}

func cueCounterWidth(_ state: AppState, _ m: LayoutMetrics) -> Float {
    m.width(cueCounterText(state), m.small) + 2 * m.pad
}
