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
    let inner = drawNextTokenBox(&out, state, r, m)
    // What the choice is, in the words of its numbers: greedy takes the top token always, whatever
    // the model's own chance for it; other settings draw the model's own chances as outlines.
    let sampling = state.generation.sampling
    let knockout = state.model?.knockout ?? HeadKnockout()
    let how =
        !knockout.isEmpty && state.model?.output?.nextTokensBefore != nil
        ? m.fitting(
            [
                "heads \(knockout.label) \(knockout.mode) · before → after",
                "\(knockout.label) \(knockout.mode) · before → after",
                "\(knockout.label) \(knockout.mean ? "mean" : "out") · before → after",
                "\(knockout.count) \(knockout.mean ? "mean" : "out") · before → after",
            ], m.small,
            in: inner.width)
        : sampling.isGreedy
            ? "greedy · T 1 gave \(formatPercent(bars.first?.modelProbability ?? 0))"
            : sampling.label
                + (bars.contains { abs($0.modelProbability - $0.probability) > 0.005 } ? " · outlines: T 1" : "")
    out.append(
        .text(
            TextItem(
                how, at: Point(inner.x, inner.y + m.base * 1.4), size: m.small, color: theme.dimText,
                maxWidth: inner.width)))
    let top = inner.y + m.base * 3.2
    // The ten bars, then "all others": where the rest of the probability went (at T 1.5 the top
    // ten hold 38 %, and the rest must be seen).
    let others = NextTokenBar(
        id: -1, text: "all others", probability: max(0, 1 - bars.reduce(0) { $0 + $1.probability }),
        modelProbability: max(0, 1 - bars.reduce(0) { $0 + $1.modelProbability }))
    // With heads knocked out, the biggest movers that left the top 10 come last ("␣river ↓",
    // 71% → 0.8%): a fall the ten bars alone would hide.
    let movers = state.model?.knockout.isEmpty == false ? state.model?.output?.movers ?? [] : []
    let rows =
        bars + [others]
        + movers.map {
            NextTokenBar(
                id: $0.after.id, text: $0.after.text + " ↓", probability: $0.after.probability,
                modelProbability: $0.after.modelProbability)
        }
    let rowHeight = min(m.base * 2.4, (inner.maxY - top - m.base * 2.6) / Float(max(1, rows.count)))
    // As wide as the widest token (and "all others"), up to 55 %: a wider token is cut in its
    // middle, never by the backend at its end.
    let widest = rows.map { m.width($0.text, m.base, bold: true) }.max() ?? 0
    let textWidth = min(inner.width * 0.55, max(inner.width * 0.42, widest + 2))
    let labels = m.text.labels(rows.map(\.text), size: m.base, bold: true, in: textWidth)
    let beforeBars = state.model?.output?.nextTokensBefore
    for (i, b) in rows.enumerated() {
        let before =
            i < bars.count
            ? beforeBars?[safe: i].flatMap { $0.id == b.id ? $0 : nil } : movers[safe: i - bars.count - 1]?.before
        var shown = b
        shown.text = labels[i].isEmpty ? b.text : labels[i]
        drawNextTokenRow(
            &out, shown, index: i, before: before,
            row: Rect(
                x: inner.x, y: top + Float(i) * rowHeight, width: inner.width,
                height: rowHeight), textWidth: textWidth, greedy: sampling.isGreedy, comparing: beforeBars != nil,
            theme, m)
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

/// The panel's box and its "next token" title (one prompt or two); returns the room inside.
func drawNextTokenBox(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) -> Rect {
    let box = r.inset(m.pad)
    out.append(.fillRect(box, state.theme.panel))
    let inner = box.inset(m.pad)
    out.append(
        .text(TextItem("next token", at: Point(inner.x, inner.y), size: m.base, color: state.theme.accent, bold: true)))
    return inner
}

/// 0.4213 → "42%", 0.004 → "0.4%", under 0.1 % → "<0.1%", none at all → "0".
func formatPercent(_ p: Double) -> String {
    if p <= 0 { return "0" }
    if p >= 0.095 { return "\(Int((p * 100).rounded()))%" }
    if p >= 0.001 { return "\((p * 1000).rounded() / 10)%" }
    return "<0.1%"
}

extension Array {
    /// The element at `i`, or nil outside the array.
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// One bar of the next-token panel: the token, its bar, the model's own chance outlined where
/// the choice changes it, and with heads knocked out the untouched chance ("77% → 41%", outlined
/// in the error colour; both the model's own chances, whatever the sampling).
func drawNextTokenRow(
    _ out: inout [DrawCommand], _ b: NextTokenBar, index i: Int, before: NextTokenBar?, row: Rect, textWidth: Float,
    greedy: Bool, comparing: Bool = false, _ theme: Theme, _ m: LayoutMetrics
) {
    let (y, rowHeight) = (row.y, row.height)
    let barLeft = row.x + textWidth + m.pad
    let barMax = row.maxX - barLeft
    out.append(
        .text(
            TextItem(
                b.text, at: Point(row.x, y + rowHeight / 2), size: m.base, color: i == 0 ? theme.text : theme.dimText,
                anchor: .centerLeft, maxWidth: textWidth, bold: i == 0)))
    // Comparing with the untouched model: every row (all others too) in the model's own chances.
    let p = comparing ? b.modelProbability : b.probability
    let w = p > 0 ? max(1, barMax * Float(p)) : 0
    let barRect = Rect(x: barLeft, y: y + rowHeight * 0.18, width: w, height: rowHeight * 0.64)
    if w > 0 { out.append(.fillRect(barRect, i == 0 ? theme.accent : theme.grid)) }
    // The model's own chance (T 1) as an outline over the bar where the choice changes it.
    // Greedy's subtitle names the top token's own chance (its bar is full); the rest show theirs.
    let changed = !comparing && !(greedy && i == 0) && abs(b.modelProbability - b.probability) > 0.005
    var ghostWidth = changed ? max(2, barMax * Float(b.modelProbability)) : 0
    if changed {
        let ghost = Rect(x: barLeft, y: y + rowHeight * 0.18, width: ghostWidth, height: rowHeight * 0.64)
        out.append(.strokeRect(ghost, theme.text, width: 1.5))
    }
    if let before {
        ghostWidth = max(2, barMax * Float(before.probability))
        let was = Rect(x: barLeft, y: y + rowHeight * 0.18, width: ghostWidth, height: rowHeight * 0.64)
        out.append(.strokeRect(was, theme.error, width: 1.5))
    }
    let percent = before.map { formatPercent($0.probability) + " → " + formatPercent(p) } ?? formatPercent(p)
    let inside = w > m.base * 3.2 && before == nil
    let after = barLeft + max(w, ghostWidth) + m.pad / 2
    out.append(
        .text(
            TextItem(
                percent,
                at: Point(
                    inside ? barLeft + w - m.pad / 2 : min(after, row.maxX - m.width(percent, m.small)),
                    y + rowHeight / 2),
                size: m.small, color: inside && i == 0 ? theme.background : theme.text,
                anchor: inside ? .centerRight : .centerLeft)))
}
