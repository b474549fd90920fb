import AttentionCore

func drawArcsView(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    let frame = state.displayed
    guard frame.n > 0 else {
        out.append(
            .text(
                TextItem(
                    "Type a sequence to see its arcs.", at: content.center, size: m.title,
                    color: theme.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let layout = ArcsLayout(
        content: content, frame: frame, heads: state.settings.heads, style: state.arcs.layout, metrics: m)
    drawArcsLegend(&out, state, layout, m)
    let stride = arcLabelStride(frame, layout, m)
    drawArcsHint(&out, state, frame, layout, stride: stride, m)
    // Arcs, light ones first so strong ones stay on top.
    let candidates = arcCandidates(state, frame)
    let arcs = capArcs(candidates).sorted { $0.weight < $1.weight }
    let capped = candidates.count > arcs.count
    // Arrowheads at the key end say which way attention reads, while they do not clutter.
    let arrows = arcs.count <= 400
    // Side by side, the heads' arcs between the same two tokens span at most half a token's width.
    let slot = frame.n > 0 ? layout.arcArea.width / Float(max(frame.n, 1)) : 0
    let headSpacing = min(4, slot * 0.5 / Float(max(1, state.settings.heads)))
    for arc in arcs {
        let grow = min(frame.sizes[arc.query], frame.sizes[arc.key])
        guard grow > 0.01 else { continue }
        let alphaHead = arc.head.map { frame.headAlpha[$0] } ?? 1
        // The average spreads its weight thin: a higher floor keeps its arcs visible.
        let floor: Float = arc.head == nil ? 0.55 : 0.3
        let color = headColor(arc.head, theme: theme).withAlpha((floor + (1 - floor) * min(1, arc.weight)) * alphaHead)
        let width = arcWidth(arc.weight, metrics: m)
        switch layout.style {
        case .line:
            let shift = headOffset(arc.head, heads: state.settings.heads, spacing: headSpacing)
            let x0 = layout.tokens[arc.query].center.x + shift
            let x1 = layout.tokens[arc.key].center.x + shift
            out.append(
                .triangles(
                    arcStrip(
                        from: x0, to: x1, baseline: layout.baseline, area: layout.arcArea, fraction: grow,
                        width: width, color: color, m: m)))
            if arrows && grow >= 0.99 && abs(x1 - x0) >= 0.5 {
                out.append(
                    .triangles(
                        arrowHead(
                            tip: Point(x1, layout.baseline + 4), dx: 0, dy: 1, size: max(8, width * 1.6 + 5),
                            color: color.withAlpha(1))))
            }
        case .columns:
            let a = Point(layout.arcArea.x + m.pad, layout.tokens[arc.query].center.y)
            let full = Point(layout.arcArea.maxX - m.pad, layout.keys[arc.key].center.y)
            let b = Point(a.x + (full.x - a.x) * grow, a.y + (full.y - a.y) * grow)
            out.append(.line(from: a, to: b, color, width: max(1, width * 0.7)))
            if arrows && grow >= 0.99 {
                let dx = b.x - a.x
                let dy = b.y - a.y
                let len = max(0.001, (dx * dx + dy * dy).squareRoot())
                out.append(
                    .triangles(
                        arrowHead(tip: b, dx: dx / len, dy: dy / len, size: max(5, width * 0.7 + 3), color: color)))
            }
        }
    }
    if capped { drawCappedNote(&out, state, layout, shown: arcs.count, of: candidates.count, m) }
    if candidates.isEmpty { drawNoArcsMessage(&out, state, frame, layout, m) }
    if layout.style == .line { drawSummedBars(&out, state, frame, layout, m) }
    drawArcLabels(&out, state, frame, layout, stride: stride, m)
}

/// Every how many tokens a label is written: as many as fit side by side at their measured widths.
func arcLabelStride(_ frame: DisplayFrame, _ layout: ArcsLayout, _ m: LayoutMetrics) -> Int {
    guard frame.n > 0, let first = layout.tokens.first else { return 1 }
    switch layout.style {
    case .line:
        let slot = max(first.width, 0.001)
        let widest = (0..<frame.n).map { m.width(frame.label($0), m.small) }.max() ?? 0
        // Long words are cut at two slots' width or 8 characters' room, whichever is larger.
        let room = min(widest, max(m.width("abcdefgh", m.small), slot * 2))
        return max(1, Int(((room + m.pad) / slot).rounded(.up)))
    case .columns:
        return max(1, Int((m.small * 1.25 / max(first.height, 0.001)).rounded(.up)))
    }
}

/// Token labels under the arcs (or in the two columns), every `stride`-theme, the hovered one always.
func drawArcLabels(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ layout: ArcsLayout, stride: Int,
    _ m: LayoutMetrics
) {
    let theme = state.theme
    var focus: Int?
    var keyFocus: Int?
    if case .token(let i)? = state.pointer.hover { focus = i }
    if case .keyToken(let j)? = state.pointer.hover { keyFocus = j }
    switch layout.style {
    case .line:
        for (i, r) in layout.tokens.enumerated() where frame.sizes[i] > 0.05 {
            let isFocus = focus == i
            if isFocus { out.append(.fillRect(r, theme.panel)) }
            out.append(
                .line(
                    from: Point(r.center.x, layout.baseline - 2), to: Point(r.center.x, layout.baseline + 3),
                    theme.grid,
                    width: 1))
            guard i % stride == 0 || isFocus else { continue }
            // Kept inside the band: the first and last labels do not hang off the window.
            let half = min(m.width(frame.label(i), m.small), max(r.width * Float(stride) - m.pad, m.small)) / 2
            let lo = (layout.tokens.first?.x ?? r.x) + half
            let hi = (layout.tokens.last?.maxX ?? r.maxX) - half
            let x = lo <= hi ? min(max(r.center.x, lo), hi) : r.center.x
            out.append(
                .text(
                    TextItem(
                        frame.label(i), at: Point(x, r.center.y), size: m.small,
                        color: (isFocus ? theme.accent : theme.text).withAlpha(min(1, frame.sizes[i])), anchor: .center,
                        maxWidth: max(r.width * Float(stride) - m.pad, m.small))))
        }
    case .columns:
        if let q = layout.tokens.first, let k = layout.keys.first {
            let y = q.y - m.small * 0.9
            out.append(
                .text(
                    TextItem(
                        "queries", at: Point(q.maxX, y), size: m.small, color: theme.dimText, anchor: .centerRight,
                        maxWidth: q.width)))
            out.append(
                .text(
                    TextItem(
                        "keys", at: Point(k.x, y), size: m.small, color: theme.dimText, anchor: .centerLeft,
                        maxWidth: k.width)))
            out.append(
                .text(
                    TextItem(
                        "attends to →", at: Point(layout.arcArea.center.x, y), size: m.small, color: theme.dimText,
                        anchor: .center, maxWidth: layout.arcArea.width)))
        }
        for i in 0..<frame.n where frame.sizes[i] > 0.05 {
            let q = layout.tokens[i]
            let k = layout.keys[i]
            let size = min(m.small, max(10, q.height * 0.9 * Float(stride)))
            if focus == i { out.append(.fillRect(q, theme.panel)) }
            if keyFocus == i { out.append(.fillRect(k, theme.panel)) }
            guard i % stride == 0 || focus == i || keyFocus == i else { continue }
            let alpha = min(1, frame.sizes[i])
            out.append(
                .text(
                    TextItem(
                        frame.label(i), at: Point(q.maxX - m.pad * 0.5, q.center.y), size: size,
                        color: (focus == i ? theme.accent : theme.text).withAlpha(alpha), anchor: .centerRight,
                        maxWidth: q.width - m.pad)))
            out.append(
                .text(
                    TextItem(
                        frame.label(i), at: Point(k.x + m.pad * 0.5, k.center.y), size: size,
                        color: (keyFocus == i ? theme.accent : theme.text).withAlpha(alpha), anchor: .centerLeft,
                        maxWidth: k.width - m.pad)))
        }
    }
}

/// Σ of the Ctrl+clicked queries' (summary) attention on each key, as bars rising from the baseline.
func drawSummedBars(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ layout: ArcsLayout, _ m: LayoutMetrics
) {
    guard let summed = state.summedAttention(), frame.pool == 1, summed.sums.count == layout.tokens.count else {
        return
    }
    let theme = state.theme
    let top = summed.sums.max() ?? 0
    guard top > 0 else { return }
    let barMax = min(layout.arcArea.height * 0.25, m.base * 4)
    for (j, r) in layout.tokens.enumerated() {
        let h = barMax * summed.sums[j] / top
        guard h >= 0.5 else { continue }
        let bar = Rect(x: r.center.x - r.width * 0.3, y: layout.baseline - h, width: r.width * 0.6, height: h)
        out.append(.fillRect(bar, theme.accent.withAlpha(0.55)))
    }
    for q in state.selection.queries where q < layout.tokens.count {
        out.append(.strokeRect(layout.tokens[q], theme.accent, width: 2))
    }
    out.append(
        .text(
            TextItem(
                "bars: Σ attention of the \(state.selection.queries.count) Ctrl+clicked queries (outlined) · Ctrl+X clears",
                at: Point(layout.arcArea.x + m.pad, layout.arcArea.y + m.small), size: m.small, color: theme.accent,
                anchor: .centerLeft, maxWidth: layout.arcArea.width - 2 * m.pad)))
}

func hitTestArcs(_ state: AppState, _ p: Point) -> HoverTarget? {
    let frame = state.displayed
    let m = LayoutMetrics(state)
    let content = ChromeLayout(state, metrics: m).content
    let layout = ArcsLayout(
        content: content, frame: frame, heads: state.settings.heads, style: state.arcs.layout, metrics: m)
    for (k, r) in layout.swatches.enumerated() where r.contains(p) { return .swatch(k == 0 ? nil : k - 1) }
    for (i, r) in layout.tokens.enumerated() where r.contains(p) && frame.sizes[i] > 0.5 { return .token(i) }
    for (j, r) in layout.keys.enumerated() where r.contains(p) && frame.sizes[j] > 0.5 { return .keyToken(j) }
    return nil
}
