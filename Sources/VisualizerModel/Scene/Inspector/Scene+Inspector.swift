import AttentionCore

/// An arrow from one panel to another: down or up within a column, else out of the source's
/// right side and, when the rows differ, an elbow through the gap in front of the target.
func flowArrow(
    _ out: inout [DrawCommand], from a: InspectorLayout.Slot, to b: InspectorLayout.Slot, sameColumn: Bool,
    gap: Float, color: RGBA, m: LayoutMetrics
) {
    let head = max(5, m.small * 0.45)
    var points: [Point]
    if sameColumn {
        let x = (b.grid.x + min(a.grid.maxX, b.grid.maxX)) / 2
        points =
            b.title.y > a.grid.maxY
            ? [Point(x, a.grid.maxY + 2), Point(x, b.title.y - 2)]  // down, to above the target's title
            : [Point(x, a.title.y - 2), Point(x, b.grid.maxY + 3)]  // up, from above the source's title
    } else {
        let start = Point(a.right, a.grid.center.y)
        let end = Point(b.grid.x - 3, b.grid.center.y)
        let midX = b.grid.x - gap * 0.55
        points = abs(start.y - end.y) < 1 ? [start, end] : [start, Point(midX, start.y), Point(midX, end.y), end]
    }
    for k in 0..<(points.count - 1) {
        out.append(.line(from: points[k], to: points[k + 1], color, width: 2))
    }
    guard let tip = points.last, points.count >= 2 else { return }
    let prev = points[points.count - 2]
    let dx = tip.x - prev.x
    let dy = tip.y - prev.y
    let len = max(0.001, (dx * dx + dy * dy).squareRoot())
    let ux = dx / len
    let uy = dy / len
    let base = Point(tip.x - ux * head, tip.y - uy * head)
    out.append(
        .triangles([
            Vertex(tip, color), Vertex(Point(base.x - uy * head * 0.6, base.y + ux * head * 0.6), color),
            Vertex(Point(base.x + uy * head * 0.6, base.y - ux * head * 0.6), color),
        ]))
}

func drawInspector(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    guard let trace = state.trace else {
        out.append(
            .text(
                TextItem(
                    state.waitingHint ?? "Type a sequence to inspect its matrices.", at: content.center, size: m.title,
                    color: theme.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let head = min(state.selection.head, trace.heads.count - 1)
    let panels = inspectorPanels(
        trace, head: head, decoder: state.model?.info.decoderBlock, group: state.model?.info.groupSize ?? 1)
    let (hintBand, grid) = content.splitBottom(m.small * 1.6)
    let layout = InspectorLayout(content: grid, panels: panels, metrics: m)
    let byName = Dictionary(zip(panels.map(\.name), zip(panels, layout.slots)), uniquingKeysWith: { a, _ in a })
    for (panel, slot) in zip(panels, layout.slots) {
        for input in panel.inputs {
            guard let (source, from) = byName[input], from.grid.width >= 1, slot.grid.width >= 1 else { continue }
            flowArrow(
                &out, from: from, to: slot, sameColumn: source.column == panel.column, gap: layout.gap,
                color: theme.dimText.withAlpha(0.8), m: m)
        }
    }
    for (panel, slot) in zip(panels, layout.slots) { drawPanel(&out, panel, slot, gap: layout.gap, state, m) }
    if case .matrixCell(let name, let r, let c)? = state.pointer.hover,
        let panel = panels.first(where: { $0.name == name }),
        r < panel.matrix.rows, c < panel.matrix.cols, let p = state.pointer.position
    {
        let rowLabel = panel.rowTokens ? "\(rowNoun(panel.name)) \(r + 1) “\(trace.tokens[r])”" : "row \(r + 1)"
        let colLabel = panel.columnTokens ? "key \(c + 1) “\(trace.tokens[c])”" : "dim \(c + 1 + panel.columnOffset)"
        drawTooltip(
            &out, state, at: p,
            lines: ["\(name): \(rowLabel), \(colLabel)", "value \(formatted(panel.matrix[r, c], decimals: 4))"],
            m)
    }
    out.append(
        .text(
            TextItem(
                panels.contains { $0.fullColumns != nil }
                    ? "selected head \(head + 1) (Ctrl+H): Q, K, V and concat show its d_k columns; W_q, W_k, W_v outline them"
                    : "selected head \(head + 1) (Ctrl+H): its d_k columns are outlined in W_q, W_k, W_v, Q, K, V and concat",
                at: Point(hintBand.x + m.pad, hintBand.center.y), size: m.small, color: theme.dimText,
                anchor: .centerLeft, maxWidth: hintBand.width - 2 * m.pad)))
}

/// One matrix of the inspector: its pixels, title, shape, colorbar, numbers and outlines.
func drawPanel(
    _ out: inout [DrawCommand], _ panel: MatrixPanel, _ slot: InspectorLayout.Slot, gap: Float, _ state: AppState,
    _ m: LayoutMetrics
) {
    let theme = state.theme
    let mat = panel.matrix
    let (lo, hi) = mat.range
    // A trained weight matrix has a few large values and many small ones: scaled to its largest
    // it looks blank. Its colours clip at the 99th percentile of |w|, and the range says so.
    let clip = panel.name.hasPrefix("W_") ? percentile99(mat) : nil
    let amax = clip ?? max(abs(lo), abs(hi), 1e-6)
    let pixels = panelPixels(panel, slot, amax: amax, state)
    let sampled = slot.rowStep > 1 || slot.colStep > 1 ? "sampled" : ""
    let range: String
    switch panel.kind {
    case .signed where clip != nil: range = "±\(formatted(amax, decimals: 2)) (99th pct)"
    case .signed: range = "±\(formatted(amax, decimals: 2))"
    case .weights: range = "0 to 1"
    case .mask: range = "grey = masked"
    }
    let titleWidth = slot.title.width + gap * 0.5
    out.append(
        .text(
            TextItem(
                m.fitting(
                    panel.formulas.isEmpty ? [panel.name] : panel.formulas, m.small, bold: true, in: titleWidth),
                at: Point(slot.title.x, slot.title.center.y), size: m.small, color: theme.text, anchor: .centerLeft,
                maxWidth: titleWidth, bold: true)))
    let shape = panel.shape
    let cols = panel.columnsShown ?? ""
    out.append(
        .text(
            TextItem(
                m.fitting(
                    [
                        [shape, cols, range, sampled].filter { !$0.isEmpty }.joined(separator: " · "),
                        [shape, cols, sampled].filter { !$0.isEmpty }.joined(separator: " · "),
                        [shape, sampled].filter { !$0.isEmpty }.joined(separator: " · "), shape,
                        "\(mat.rows)×\(mat.cols)",
                    ], m.small, in: slot.caption.width),
                at: Point(slot.caption.x, slot.caption.center.y), size: m.small, color: theme.dimText,
                anchor: .centerLeft,
                maxWidth: slot.caption.width)))
    guard slot.grid.width >= 1 else { return }
    if panel.kind == .mask && !mat.storage.contains(where: { $0 > 0 }) {
        // Nothing is masked: say so instead of an empty grid.
        out.append(.strokeRect(slot.grid, theme.grid, width: 1))
        out.append(
            .text(
                TextItem(
                    m.fitting(["no mask", "none", ""], m.small, in: slot.grid.width), at: slot.grid.center,
                    size: m.small, color: theme.dimText, anchor: .center,
                    maxWidth: slot.grid.width)))
        return
    }
    out.append(.heatmap(slot.grid, columns: slot.cols, rows: slot.rows, pixels: pixels))
    out.append(.strokeRect(slot.grid, theme.grid, width: 1))
    drawPanelColorbar(&out, panel, slot, amax: amax, state, m)
    let cell = slot.grid.width / Float(slot.cols)
    let rowH = slot.grid.height / Float(slot.rows)
    if cell >= m.small * 3.1 { drawPanelNumbers(&out, panel, slot, amax: amax, cell: cell, rowH: rowH, state, m) }
    if let cols = panel.highlightColumns, slot.colStep == 1 {
        let x0 = slot.grid.x + Float(cols.lowerBound) * cell
        out.append(
            .strokeRect(
                Rect(x: x0, y: slot.grid.y, width: Float(cols.count) * cell, height: slot.grid.height), theme.accent,
                width: 2))
    }
    if case .matrixCell(let name, let r, let c)? = state.pointer.hover, name == panel.name {
        let rr = r / slot.rowStep
        let cc = c / slot.colStep
        out.append(
            .strokeRect(
                Rect(
                    x: slot.grid.x + Float(cc) * cell, y: slot.grid.y + Float(rr) * rowH, width: cell, height: rowH),
                theme.highlight, width: 2))
    }
}

/// What a row of a matrix stands for: a key's row of K, a value's row of V, a token's row of X;
/// rows of Q, scores, weights and outputs belong to queries.
func rowNoun(_ panelName: String) -> String {
    switch panelName {
    case "K": return "key"
    case "V": return "value"
    case "X": return "token"
    default: return "query"
    }
}

func hitTestInspector(_ state: AppState, _ p: Point) -> HoverTarget? {
    guard let trace = state.trace else { return nil }
    let m = LayoutMetrics(state)
    let content = ChromeLayout(state, metrics: m).content
    let panels = inspectorPanels(
        trace, head: min(state.selection.head, trace.heads.count - 1), decoder: state.model?.info.decoderBlock,
        group: state.model?.info.groupSize ?? 1)
    let layout = InspectorLayout(content: content.splitBottom(m.small * 1.6).1, panels: panels, metrics: m)
    for (panel, slot) in zip(panels, layout.slots) where slot.grid.contains(p) {
        let cell = slot.grid.width / Float(slot.cols)
        let rowH = slot.grid.height / Float(slot.rows)
        let c = min(slot.cols - 1, Int((p.x - slot.grid.x) / cell))
        let r = min(slot.rows - 1, Int((p.y - slot.grid.y) / rowH))
        return .matrixCell(
            matrix: panel.name, row: min(panel.matrix.rows - 1, r * slot.rowStep),
            column: min(panel.matrix.cols - 1, c * slot.colStep))
    }
    return nil
}

/// A two-line box near the pointer, kept inside the window.
func drawTooltip(_ out: inout [DrawCommand], _ state: AppState, at p: Point, lines: [String], _ m: LayoutMetrics) {
    let theme = state.theme
    // As wide as its longest line (measured), wrapped where the window is narrower.
    let room = max(m.small * 8, state.viewport.width - 4 * m.pad)
    var rows: [(text: String, first: Bool)] = []
    for (k, line) in lines.enumerated() {
        for piece in m.text.wrap(line, size: m.small, in: room) { rows.append((piece, k == 0)) }
    }
    let widest = rows.map { m.width($0.text, m.small) }.max() ?? 0
    let w = min(room, widest + 1) + 2 * m.pad
    let h = m.small * (1.4 * Float(rows.count) + 0.6)
    var x = p.x + 16
    var y = p.y + 16
    if x + w > state.viewport.width - m.pad { x = max(m.pad, p.x - 16 - w) }
    if y + h > state.viewport.height - m.pad { y = max(m.pad, p.y - 16 - h) }
    let box = Rect(x: x, y: y, width: w, height: h)
    out.append(.fillRect(box, theme.tooltip.withAlpha(0.95)))
    out.append(.strokeRect(box, theme.accent, width: 1))
    for (k, row) in rows.enumerated() {
        out.append(
            .text(
                TextItem(
                    row.text, at: Point(box.x + m.pad, box.y + m.pad * 0.8 + Float(k) * m.small * 1.4), size: m.small,
                    color: row.first ? theme.text : theme.accent, maxWidth: w - 2 * m.pad)))
    }
}
