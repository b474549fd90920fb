import AttentionCore

/// The legend: the average and one swatch per head; switched-off heads are dimmed.
func drawArcsLegend(_ out: inout [DrawCommand], _ state: AppState, _ layout: ArcsLayout, _ m: LayoutMetrics) {
    let theme = state.theme
    for (k, r) in layout.swatches.enumerated() {
        let head: Int? = k == 0 ? nil : k - 1
        let on = head.map { !state.arcs.average && !state.arcs.hiddenHeads.contains($0) } ?? state.arcs.average
        let c = headColor(head, theme: theme)
        let box = Rect(x: r.x, y: r.y + (r.height - m.small) / 2, width: m.small, height: m.small)
        out.append(.fillRect(box, on ? c : c.withAlpha(0.25)))
        out.append(.strokeRect(box, on ? theme.text : theme.grid, width: 1))
        let name = m.fitting(
            [head.map { "head \($0 + 1)" } ?? "average", head.map { "\($0 + 1)" } ?? "avg"], m.small,
            in: r.maxX - box.maxX - m.pad * 0.6)
        out.append(
            .text(
                TextItem(
                    name, at: Point(box.maxX + m.pad * 0.6, r.center.y),
                    size: m.small, color: on ? theme.text : theme.dimText, anchor: .centerLeft,
                    maxWidth: r.maxX - box.maxX - m.pad * 0.6)))
        if case .swatch(head)? = state.pointer.hover { out.append(.strokeRect(r, theme.accent, width: 1)) }
    }
}

/// On top of the arcs, on a panel: why the view is not showing every arc.
func drawCappedNote(
    _ out: inout [DrawCommand], _ state: AppState, _ layout: ArcsLayout, shown: Int, of total: Int, _ m: LayoutMetrics
) {
    let theme = state.theme
    let text = m.fitting(
        [
            "showing the \(shown) strongest of \(total) arcs · Ctrl+Up raises the threshold",
            "\(shown) strongest of \(total) arcs",
        ], m.small, in: layout.arcArea.width - 4 * m.pad)
    let w = min(layout.arcArea.width - 2 * m.pad, m.width(text, m.small) + 2 * m.pad)
    let box = Rect(x: layout.arcArea.maxX - w - m.pad, y: layout.arcArea.y, width: w, height: m.small * 1.8)
    out.append(.fillRect(box, theme.panel))
    out.append(
        .text(
            TextItem(
                text, at: Point(box.maxX - m.pad, box.center.y), size: m.small, color: theme.accent,
                anchor: .centerRight, maxWidth: box.width - 2 * m.pad)))
}

/// What the view shows and how to change it, in as many words as fit.
func drawArcsHint(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ layout: ArcsLayout, stride: Int,
    _ m: LayoutMetrics
) {
    let topK = state.arcs.topK > 0 ? "top-\(state.arcs.topK) keys per query" : "all keys"
    let threshold = "weight ≥ \(formatted(state.arcs.minWeight, decimals: 2))"
    let hover =
        layout.style == .line
        ? "hover a token: its arcs as a query · hold Shift: as a key" : "hover a query (left) or a key (right)"
    var extras: [String] = []
    if frame.pool > 1 { extras.append("overview: max of \(frame.pool)×\(frame.pool) blocks") }
    if stride > 1 { extras.append("every \(ordinal(stride)) label") }
    let choices = [
        ([hover, threshold, topK] + extras).joined(separator: " · "),
        ([threshold, topK] + extras).joined(separator: " · "),
        ([threshold] + extras).joined(separator: " · "), threshold,
    ]
    out.append(
        .text(
            TextItem(
                m.fitting(choices, m.small, in: layout.hint.width - 2 * m.pad),
                at: Point(layout.hint.x + m.pad, layout.hint.center.y), size: m.small, color: state.theme.dimText,
                anchor: .centerLeft, maxWidth: layout.hint.width - 2 * m.pad)))
}

/// Nothing passes the filters: say why (the largest weight there is) and what to press.
func drawNoArcsMessage(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ layout: ArcsLayout, _ m: LayoutMetrics
) {
    let n = frame.n
    var largest: Float = 0
    let sources = state.arcs.average ? [frame.summary] : frame.heads
    for w in sources {
        for i in 0..<n { for j in 0..<n where !frame.isMasked(i, j) { largest = max(largest, w[i * n + j]) } }
    }
    let lines: [String]
    if sources.isEmpty || (!state.arcs.average && state.arcs.hiddenHeads.count >= frame.heads.count) {
        lines = ["Every head is switched off in the legend.", "Click a swatch (or the average) to show arcs again."]
    } else if largest < state.arcs.minWeight {
        lines = [
            "No weight reaches \(formatted(state.arcs.minWeight, decimals: 2)): the largest is \(formatted(largest, decimals: 3))"
                + (n > 64 ? ", since \(n) tokens share each query's attention." : "."),
            "Ctrl+Down lowers the threshold · the heatmaps (F2) show every weight.",
        ]
    } else {
        lines = [
            "No arc for this token passes the filters.",
            "Ctrl+Down lowers the threshold · Ctrl+Shift+Up allows more keys per query.",
        ]
    }
    let size = m.base
    let w = min(layout.arcArea.width - 2 * m.pad, (lines.map { m.width($0, size) }.max() ?? 0) + 4 * m.pad)
    let box = Rect(
        x: layout.arcArea.center.x - w / 2, y: layout.arcArea.center.y - size * 1.8, width: w, height: size * 3.6)
    out.append(.fillRect(box, state.theme.panel))
    out.append(.strokeRect(box, state.theme.accent, width: 1))
    for (k, line) in lines.enumerated() {
        out.append(
            .text(
                TextItem(
                    line, at: Point(box.center.x, box.y + size * (1.1 + 1.4 * Float(k))), size: size,
                    color: k == 0 ? state.theme.text : state.theme.dimText, anchor: .center,
                    maxWidth: box.width - 2 * m.pad)))
    }
}
