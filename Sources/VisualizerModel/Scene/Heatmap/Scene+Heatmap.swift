import AttentionCore

/// The heatmaps view: the summary of all heads on the left, one tile per head, a colorbar.
func drawHeatmaps(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    let frame = state.displayed
    guard frame.n > 0 else {
        out.append(
            .text(
                TextItem(
                    state.waitingHint ?? "Type a sequence: words (the cat sat) or numbers (1 2 3 5 8).",
                    at: content.center,
                    size: m.title, color: theme.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let area = state.heatmapArea(content, m)
    if let panel = area.panel { drawNextTokens(&out, state, panel, m) }
    let layout = HeatmapLayout(content: area.main, frame: frame, metrics: m)
    let vmax = state.colorScale == .fixed ? 1 : colorScaleMax(frame)
    let table = state.colormap.table
    // Tokens the model wrote are labelled in their own colour, as in the looked-at view.
    let writtenSlots = frame.pool == 1 ? Set((0..<frame.n).filter { state.draw(at: $0) != nil }) : []
    let highlight: (head: Int?, query: Int, key: Int)? = {
        if case .cell(let h, let q, let k)? = state.pointer.hover { return (h, q, k) }
        return nil
    }()
    for tile in layout.tiles {
        let alpha: Float = tile.head.map { $0 < frame.headAlpha.count ? frame.headAlpha[$0] : 0 } ?? 1
        guard alpha > 0.01, tile.grid.width >= 1 else { continue }
        let weights = tile.head.map { frame.heads[$0] } ?? frame.summary
        let axes = HeatmapAxes(frame: frame, grid: tile.grid, zoom: state.zoom)
        drawTileTitles(&out, state, frame, tile, axes, alpha: alpha, m)
        out.append(.pushClip(tile.grid))
        drawCells(
            &out, frame, weights, axes, vmax: vmax, table: table, masked: theme.masked, alpha: alpha,
            numbers: true, colormap: state.colormap, m: m)
        if let hl = highlight, hl.head == tile.head { drawCrosshair(&out, axes, hl.query, hl.key, theme) }
        if tile.head == nil, frame.pool == 1 {
            // Ctrl+clicked queries: their rows outlined on the summary.
            for q in state.selection.queries where q + 1 < axes.rows.count {
                out.append(
                    .strokeRect(
                        Rect(
                            x: tile.grid.x, y: axes.rows[q], width: tile.grid.width,
                            height: axes.rows[q + 1] - axes.rows[q]),
                        theme.accent, width: 2))
            }
        }
        out.append(.popClip)
        // With a trained model the head opened from the model view (or picked with Ctrl+H) is marked.
        let picked = state.model != nil && tile.head == state.selection.head
        out.append(
            .strokeRect(
                picked ? tile.grid.inset(-2) : tile.grid, (picked ? theme.accent : theme.grid).withAlpha(alpha),
                width: picked ? 3 : 1))
        if let h = tile.head, let session = state.model, session.knockout.contains(layer: session.layer, head: h) {
            // Knocked out (zeroed or mean-ablated): crossed through, as in the model view. Its map
            // is still drawn: the head still looks, only what it read is dropped.
            let g = tile.grid
            out.append(.line(from: Point(g.x, g.y), to: Point(g.maxX, g.maxY), theme.error.withAlpha(alpha), width: 3))
            out.append(.line(from: Point(g.maxX, g.y), to: Point(g.x, g.maxY), theme.error.withAlpha(alpha), width: 3))
        }
        if tile.showLabels { drawLabels(&out, frame, tile, axes, theme, m, written: writtenSlots) }
    }
    drawColorbar(&out, layout.colorbar, vmax: vmax, state: state, filtered: frame.pairFilter != .all, m: m)
}

/// A tile's title, and which way queries and keys run: every tile says it, so nobody has to ask.
func drawTileTitles(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes,
    alpha: Float, _ m: LayoutMetrics
) {
    let theme = state.theme
    let dim = theme.dimText.withAlpha(alpha)
    guard tile.head == nil else {
        drawHeadTileTitle(&out, state, frame, tile, alpha: alpha, m)
        return
    }
    let full = tile.rect.width
    out.append(
        .text(
            TextItem(
                m.fitting(summaryTitles(state), m.base, bold: true, in: full),
                at: Point(tile.rect.x, tile.titleRect.center.y), size: m.base,
                color: theme.accent.withAlpha(alpha), anchor: .centerLeft, maxWidth: full, bold: true)))
    // The note line: what is on screen beyond plain cells.
    let stride = labelStride(frame, tile, axes)
    var long: [String] = []
    var short: [String] = []
    if frame.pool > 1 {
        long.append("overview: max of \(frame.pool)×\(frame.pool) blocks")
        short.append("\(frame.pool)×\(frame.pool) max")
    }
    if axes.zoomed {
        long.append("zoomed (Home resets)")
        short.append("zoom: Home")
    }
    if stride > 1 {
        long.append("every \(ordinal(stride)) label")
        short.append("labels 1/\(stride)")
    }
    if long.isEmpty {
        long = ["rows: queries · columns: keys"]
        short = ["rows q · cols k"]
    }
    let note = m.fitting([long.joined(separator: " · "), short.joined(separator: " · ")], m.small, in: full)
    out.append(
        .text(
            TextItem(
                note, at: Point(tile.rect.x, tile.noteRect.center.y), size: m.small, color: dim,
                anchor: .centerLeft, maxWidth: full)))
    // The corner between the label bands: "keys →" points along the top, "queries ↓" down the side.
    let corner = Rect(
        x: tile.rect.x, y: tile.noteRect.maxY, width: tile.grid.x - tile.rect.x - m.pad * 0.6,
        height: tile.grid.y - tile.noteRect.maxY - m.pad * 0.6)
    if corner.width > 0, m.width("queries ↓", m.small) <= corner.width, corner.height >= m.small * 3 {
        out.append(
            .text(
                TextItem(
                    "keys →", at: Point(corner.maxX, corner.maxY - m.small * 1.5), size: m.small, color: dim,
                    anchor: .bottomRight, maxWidth: corner.width)))
        out.append(
            .text(
                TextItem(
                    "queries ↓", at: Point(corner.maxX, corner.maxY), size: m.small, color: dim,
                    anchor: .bottomRight, maxWidth: corner.width)))
    }
}

/// A head tile's title ("head 3", "keys →", "← queries"), shown once the tiles have landed.
func drawHeadTileTitle(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ tile: TileLayout, alpha: Float,
    _ m: LayoutMetrics
) {
    let theme = state.theme
    let width = tile.rect.maxX - tile.grid.x
    // While tiles move to a new head count, their titles wait: moving titles would fly over
    // the titles of tiles fading in. They appear as the tiles land.
    let e = Easing.inOutCubic(frame.layoutProgress)
    let landing =
        frame.layoutProgress >= 1 || frame.layoutFromHeads == frame.layoutHeads ? 1 : max(0, (e - 0.97) / 0.03)
    let alpha = alpha * landing
    guard alpha > 0.01 else { return }
    let dim = theme.dimText.withAlpha(alpha)
    let picked = state.model != nil && tile.head == state.selection.head
    let title = "head \((tile.head ?? 0) + 1)"
    // One label for the whole grid, fitted beside its widest title ("head 12"), so heads 1–9
    // do not say "keys →" where heads 10–12 say "k →".
    let widest = max(m.width(title, m.small), m.width("head \(max(1, frame.layoutHeads))", m.small))
    let keys = m.fitting(["keys →", "k →"], m.small, in: max(0, width - widest - m.pad))
    out.append(
        .text(
            TextItem(
                title, at: Point(tile.grid.x, tile.titleRect.center.y), size: m.small,
                color: (picked ? theme.accent : theme.text).withAlpha(alpha), anchor: .centerLeft, maxWidth: width)))
    if m.width(title, m.small) + m.width(keys, m.small) + m.pad <= width {
        out.append(
            .text(
                TextItem(
                    keys, at: Point(tile.grid.maxX, tile.titleRect.center.y), size: m.small, color: dim,
                    anchor: .centerRight, maxWidth: width)))
    }
    let queries = m.fitting(["← queries", "← q"], m.small, in: tile.grid.height)
    if m.width(queries, m.small) <= tile.grid.height {
        out.append(
            .text(
                TextItem(
                    queries, at: Point(tile.grid.x - m.small * 0.75, tile.grid.center.y), size: m.small, color: dim,
                    anchor: .center, maxWidth: tile.grid.height, vertical: true)))
    }
}

/// "2nd", "3rd", "11th".
func ordinal(_ n: Int) -> String {
    let tens = n % 100
    if (11...13).contains(tens) { return "\(n)th" }
    switch n % 10 {
    case 1: return "\(n)st"
    case 2: return "\(n)nd"
    case 3: return "\(n)rd"
    default: return "\(n)th"
    }
}

/// Every how many tokens a label is shown on a tile's axes (1: all).
func labelStride(_ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes) -> Int {
    let rowsIn = axes.visibleRows
    guard !rowsIn.isEmpty else { return 1 }
    let cell =
        axes.zoomed
        ? axes.rows[rowsIn.lowerBound + 1] - axes.rows[rowsIn.lowerBound] : tile.grid.width / Float(max(1, frame.n))
    return max(1, Int((tile.labelSize * HeatmapLayout.labelSpacing / max(cell, 0.001)).rounded(.up)))
}

/// The summary's title, longest first, for the layout to pick what fits.
func summaryTitles(_ state: AppState) -> [String] {
    let h = state.settings.heads
    if let session = state.model {
        return [
            "layer \(session.layer + 1): average of heads", "layer \(session.layer + 1) average",
            "L\(session.layer + 1) avg",
        ]
    }
    if h == 1 { return ["the one head", "head 1"] }
    return state.settings.aggregation == .mean
        ? ["average of \(h) heads", "mean of \(h) heads", "mean of \(h)"]
        : ["max over \(h) heads", "max of \(h)"]
}

func summaryTitle(_ state: AppState) -> String {
    summaryTitles(state)[0]
}
