import AttentionCore

/// The window while its model file is read: the model's name, a bar that fills as the bytes
/// come in, and how far along it is, large enough for the back of the room.
func drawLoading(_ out: inout [DrawCommand], _ state: AppState, _ loading: LoadingModel, _ m: LayoutMetrics) {
    let theme = state.theme
    let w = state.viewport.width
    let h = state.viewport.height
    let barWidth = min(w - 4 * m.pad, max(240, w * 0.6))
    let barHeight = max(12, m.base * 0.9)
    let x = (w - barWidth) / 2
    let y = h / 2 - barHeight / 2
    out.append(
        .text(
            TextItem(
                "AttnViz: opening \(loading.name)", at: Point(w / 2, y - 2 * m.pad), size: m.title, color: theme.text,
                anchor: .bottomCenter, maxWidth: w - 2 * m.pad, bold: true)))
    let track = Rect(x: x, y: y, width: barWidth, height: barHeight)
    out.append(.fillRect(track, theme.grid))
    out.append(.fillRect(Rect(x: x, y: y, width: barWidth * Float(loading.fraction), height: barHeight), theme.accent))
    out.append(.strokeRect(track, theme.dimText, width: 1))
    out.append(
        .text(
            TextItem(
                loading.caption, at: Point(w / 2, y + barHeight + 2 * m.pad), size: m.base, color: theme.text,
                anchor: .topCenter, maxWidth: w - 2 * m.pad)))
    out.append(
        .text(
            TextItem(
                "the window is ready as soon as the weights are · Ctrl+Q quits",
                at: Point(w / 2, y + barHeight + 4 * m.pad + m.base), size: m.small, color: theme.dimText,
                anchor: .topCenter, maxWidth: w - 2 * m.pad)))
}
