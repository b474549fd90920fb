import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

extension AppState {
    /// A decoder's next-token bars, when the model has answered.
    var nextTokens: [NextTokenBar]? { model?.output?.nextTokens }

    /// The heatmaps' part of the content, and the next-token panel's beside it (a decoder only).
    /// Drawing, hit-testing and zoom all split the same way.
    func heatmapArea(_ content: Rect, _ m: LayoutMetrics) -> (main: Rect, panel: Rect?) {
        guard nextTokens != nil, content.width > m.base * 40 else { return (content, nil) }
        let (panel, main) = content.splitRight(m.base * 15)
        return (main, panel)
    }
}

/// The next-token panel: what the model would write after the last token, ten bars.
func drawNextTokens(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) {
    guard let bars = state.nextTokens else { return }
    let theme = state.theme
    let box = r.inset(m.pad)
    out.append(.fillRect(box, theme.panel))
    let inner = box.inset(m.pad)
    out.append(
        .text(TextItem("next token", at: Point(inner.x, inner.y), size: m.base, color: theme.accent, bold: true)))
    let how = state.generation.sampling.label
    out.append(
        .text(
            TextItem(
                how, at: Point(inner.x, inner.y + m.base * 1.4), size: m.small, color: theme.dimText,
                maxWidth: inner.width)))
    let top = inner.y + m.base * 3.2
    let rowHeight = min(m.base * 2.4, (inner.maxY - top - m.base * 2.6) / Float(max(1, bars.count)))
    let textWidth = inner.width * 0.42
    let barLeft = inner.x + textWidth + m.pad
    let barMax = inner.maxX - barLeft
    for (i, b) in bars.enumerated() {
        let y = top + Float(i) * rowHeight
        let color = i == 0 ? theme.text : theme.dimText
        out.append(
            .text(
                TextItem(
                    b.text, at: Point(inner.x, y + rowHeight / 2), size: m.base, color: color, anchor: .centerLeft,
                    maxWidth: textWidth, bold: i == 0)))
        let w = max(1, barMax * Float(b.probability))
        let barRect = Rect(x: barLeft, y: y + rowHeight * 0.18, width: w, height: rowHeight * 0.64)
        out.append(.fillRect(barRect, i == 0 ? theme.accent : theme.grid))
        let percent = formatPercent(b.probability)
        let inside = w > m.base * 3.2
        out.append(
            .text(
                TextItem(
                    percent, at: Point(inside ? barLeft + w - m.pad / 2 : barLeft + w + m.pad / 2, y + rowHeight / 2),
                    size: m.small, color: inside ? theme.background : theme.text,
                    anchor: inside ? .centerRight : .centerLeft)))
    }
    let hints =
        state.generation.remaining > 0
        ? ["writing: \(state.generation.remaining) to go", "any key stops"]
        : ["Tab: take the top token", "Ctrl+Enter: write 16"]
    for (i, hint) in hints.enumerated() {
        out.append(
            .text(
                TextItem(
                    hint, at: Point(inner.x, inner.maxY - Float(1 - i) * m.small * 1.4), size: m.small,
                    color: theme.dimText, anchor: .bottomLeft, maxWidth: inner.width)))
    }
}

/// 0.4213 → "42%", 0.004 → "0.4%", under 0.1 % → "<0.1%".
func formatPercent(_ p: Double) -> String {
    if p >= 0.095 { return "\(Int((p * 100).rounded()))%" }
    if p >= 0.001 { return "\((p * 1000).rounded() / 10)%" }
    return "<0.1%"
}
