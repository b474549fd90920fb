import AttentionCore

/// The heatmaps view: the summary of all heads on the left, one tile per head, a colorbar.
func drawHeatmaps(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: Metrics) {
    let th = state.theme
    let frame = state.displayed
    guard frame.n > 0 else {
        out.append(.text(TextItem("Type a sequence: words (the cat sat) or numbers (1 2 3 5 8).", at: content.center,
                                  size: m.title, color: th.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let layout = HeatmapLayout(content: content, frame: frame, metrics: m)
    let vmax = colorScaleMax(frame)
    let table = state.colormap.table
    let highlight: (head: Int?, query: Int, key: Int)? = {
        if case let .cell(h, q, k)? = state.hover { return (h, q, k) }
        return nil
    }()
    for tile in layout.tiles {
        let alpha: Float = tile.head.map { $0 < frame.headAlpha.count ? frame.headAlpha[$0] : 0 } ?? 1
        guard alpha > 0.01, tile.grid.width >= 1 else { continue }
        let weights = tile.head.map { frame.heads[$0] } ?? frame.summary
        let title = tile.head.map { "head \($0 + 1)" } ?? summaryTitle(state)
        out.append(.text(TextItem(title, at: Point(tile.grid.x, tile.titleRect.center.y),
                                  size: tile.head == nil ? m.base : m.small,
                                  color: (tile.head == nil || (state.model != nil && tile.head == state.selection.head) ? th.accent : th.text)
                                      .withAlpha(alpha), anchor: .centerLeft,
                                  maxWidth: (tile.rect.maxX - tile.grid.x) * (tile.head == nil ? 0.47 : 1), bold: tile.head == nil)))
        let axes = HeatmapAxes(frame: frame, grid: tile.grid, zoom: state.zoom)
        out.append(.pushClip(tile.grid))
        drawCells(&out, frame, weights, axes, vmax: vmax, table: table, masked: th.masked, alpha: alpha,
                  numbers: tile.head == nil, colormap: state.colormap, m: m)
        if let hl = highlight, hl.head == tile.head { drawCrosshair(&out, axes, hl.query, hl.key, th) }
        if tile.head == nil, frame.pool == 1 {
            // Ctrl+clicked queries: their rows outlined on the summary.
            for q in state.selection.queries where q + 1 < axes.rows.count {
                out.append(.strokeRect(Rect(x: tile.grid.x, y: axes.rows[q], width: tile.grid.width, height: axes.rows[q + 1] - axes.rows[q]),
                                       th.accent, width: 2))
            }
        }
        out.append(.popClip)
        // With a trained model the head opened from the model view (or picked with Ctrl+H) is marked.
        let picked = state.model != nil && tile.head == state.selection.head
        out.append(.strokeRect(picked ? tile.grid.inset(-2) : tile.grid, (picked ? th.accent : th.grid).withAlpha(alpha), width: picked ? 3 : 1))
        if tile.showLabels { drawLabels(&out, frame, tile, axes, th, m) }
    }
    drawColorbar(&out, layout.colorbar, vmax: vmax, state: state, m: m)
}

func poolNote(_ frame: DisplayFrame) -> String {
    frame.pool > 1 ? " · overview: max of \(frame.pool)×\(frame.pool) blocks" : ""
}

func summaryTitle(_ state: AppState) -> String {
    let h = state.settings.heads
    if let session = state.model { return "layer \(session.layer + 1) average" }
    if h == 1 { return "the one head" }
    return state.settings.aggregation == .mean ? "average of \(h) heads" : "max over \(h) heads"
}

/// The top of the colour scale: the largest weight shown, rounded up to a tenth (at least 0.1).
func colorScaleMax(_ frame: DisplayFrame) -> Float {
    var mx: Float = 0
    for v in frame.summary where v.isFinite { mx = max(mx, v) }
    for h in frame.heads { for v in h where v.isFinite { mx = max(mx, v) } }
    return min(1, max(0.1, (mx * 10).rounded(.up) / 10))
}

/// Slot edges of a tile along both axes, with the zoom window applied; the same edges draw
/// the cells, place the labels and hit-test the pointer.
public struct HeatmapAxes: Equatable, Sendable {
    public var grid: Rect
    public var columns: [Float]
    public var rows: [Float]
    public var zoomed: Bool

    public init(frame: DisplayFrame, grid: Rect, zoom: ZoomWindow) {
        self.grid = grid
        zoomed = zoom.zoom > 1.0001 && frame.n > 0
        if zoomed {
            let span = zoom.span(frame.n)
            let cw = grid.width / span, ch = grid.height / span
            columns = (0...frame.n).map { grid.x + (Float($0) - zoom.originX) * cw }
            rows = (0...frame.n).map { grid.y + (Float($0) - zoom.originY) * ch }
        } else {
            columns = slotEdges(frame.sizes, start: grid.x, length: grid.width)
            rows = slotEdges(frame.sizes, start: grid.y, length: grid.height)
        }
    }

    /// Slots at least partly inside the grid, along one axis.
    static func visible(_ edges: [Float], _ lo: Float, _ hi: Float) -> Range<Int> {
        guard edges.count >= 2 else { return 0..<0 }
        var a = 0
        while a < edges.count - 1 && edges[a + 1] <= lo { a += 1 }
        var b = a
        while b < edges.count - 1 && edges[b] < hi { b += 1 }
        return a..<b
    }

    public var visibleRows: Range<Int> { HeatmapAxes.visible(rows, grid.y, grid.maxY) }
    public var visibleColumns: Range<Int> { HeatmapAxes.visible(columns, grid.x, grid.maxX) }

    /// The cell under a point inside the grid.
    public func cell(at p: Point) -> (row: Int, column: Int)? {
        guard grid.contains(p), let j = slotIndex(p.x, edges: columns), let i = slotIndex(p.y, edges: rows) else { return nil }
        return (i, j)
    }
}

func drawCells(_ out: inout [DrawCommand], _ frame: DisplayFrame, _ weights: [Float], _ axes: HeatmapAxes, vmax: Float,
               table: [UInt32], masked: RGBA, alpha: Float, numbers: Bool, colormap: Colormap, m: Metrics) {
    let n = frame.n
    let uniform = axes.zoomed || frame.sizes.allSatisfy { $0 == 1 } || n > 48
    let inv = 1 / vmax
    let a = UInt32(max(0, min(255, (alpha * 255).rounded())))
    let maskedARGB = (masked.argb & 0x00ff_ffff) | (a << 24)
    let rowsIn = axes.visibleRows, colsIn = axes.visibleColumns
    guard !rowsIn.isEmpty, !colsIn.isEmpty else { return }
    if uniform {
        // One texture of the visible block, placed on the slot edges (the clip trims partial cells).
        var pixels = [UInt32](repeating: 0, count: rowsIn.count * colsIn.count)
        var k = 0
        for i in rowsIn {
            for j in colsIn {
                pixels[k] = frame.isMasked(i, j) ? maskedARGB : (colormap.argb(weights[i * n + j] * inv, table: table) & 0x00ff_ffff) | (a << 24)
                k += 1
            }
        }
        let rect = Rect(x: axes.columns[colsIn.lowerBound], y: axes.rows[rowsIn.lowerBound],
                        width: axes.columns[colsIn.upperBound] - axes.columns[colsIn.lowerBound],
                        height: axes.rows[rowsIn.upperBound] - axes.rows[rowsIn.lowerBound])
        out.append(.heatmap(rect, columns: colsIn.count, rows: rowsIn.count, pixels: pixels))
    } else {
        // Whole-pixel edges: neighbouring cells share an edge exactly, with no seams between them.
        let cols = axes.columns.map { $0.rounded() }
        let rows = axes.rows.map { $0.rounded() }
        for i in rowsIn where rows[i + 1] > rows[i] {
            for j in colsIn where cols[j + 1] > cols[j] {
                let r = Rect(x: cols[j], y: rows[i], width: cols[j + 1] - cols[j], height: rows[i + 1] - rows[i])
                let color = frame.isMasked(i, j) ? masked : colormap.color(weights[i * n + j] * inv)
                out.append(.fillRect(r, color.withAlpha(alpha)))
            }
        }
    }
    // Numbers in the cells when they are big enough to read.
    let cell = axes.columns[colsIn.lowerBound + 1] - axes.columns[colsIn.lowerBound]
    guard numbers, uniform, cell >= m.small * 3.1 else { return }
    let size = m.small
    for i in rowsIn {
        for j in colsIn where !frame.isMasked(i, j) {
            let w = weights[i * n + j]
            let c = Point((axes.columns[j] + axes.columns[j + 1]) / 2, (axes.rows[i] + axes.rows[i + 1]) / 2)
            out.append(.text(TextItem(format(w, 2), at: c, size: size, color: colormap.textColor(on: w * inv).withAlpha(alpha),
                                      anchor: .center, maxWidth: cell - 2)))
        }
    }
}

/// Query tokens down the left, key tokens along the top (vertical, so they never collide).
/// When cells are smaller than the text, every k-th label is shown instead of a smear.
func drawLabels(_ out: inout [DrawCommand], _ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes, _ th: Theme, _ m: Metrics) {
    let rowsIn = axes.visibleRows, colsIn = axes.visibleColumns
    guard !rowsIn.isEmpty else { return }
    let cell = axes.zoomed ? axes.rows[rowsIn.lowerBound + 1] - axes.rows[rowsIn.lowerBound] : tile.grid.width / Float(max(1, frame.n))
    let size = tile.labelSize
    let every = max(1, Int((size * 1.15 / max(cell, 0.001)).rounded(.up)))
    let band = tile.grid.x - tile.rect.x
    out.append(.text(TextItem("rows: queries · columns: keys" + poolNote(frame) + (axes.zoomed ? " · zoomed (Home resets)" : ""),
                              at: Point(tile.rect.maxX, tile.titleRect.center.y),
                              size: m.small, color: th.dimText, anchor: .centerRight, maxWidth: (tile.rect.maxX - tile.grid.x) * 0.5)))
    for i in rowsIn where i % every == 0 {
        let s = frame.sizes[i]
        let y = (axes.rows[i] + axes.rows[i + 1]) / 2
        guard s > 0.05, y >= tile.grid.y, y <= tile.grid.maxY else { continue }
        out.append(.text(TextItem(frame.label(i), at: Point(tile.grid.x - m.pad * 0.6, y), size: size * min(1, s + 0.3),
                                  color: th.text.withAlpha(min(1, s)), anchor: .centerRight, maxWidth: band - m.pad * 1.2)))
    }
    for j in colsIn where j % every == 0 {
        let s = frame.sizes[j]
        let x = (axes.columns[j] + axes.columns[j + 1]) / 2
        guard s > 0.05, x >= tile.grid.x, x <= tile.grid.maxX else { continue }
        out.append(.text(TextItem(frame.label(j), at: Point(x, tile.grid.y - m.pad * 0.6), size: size * min(1, s + 0.3),
                                  color: th.text.withAlpha(min(1, s)), anchor: .bottomCenter, maxWidth: band - m.pad * 1.2, vertical: true)))
    }
}

func drawCrosshair(_ out: inout [DrawCommand], _ axes: HeatmapAxes, _ q: Int, _ k: Int, _ th: Theme) {
    let cols = axes.columns, rows = axes.rows, grid = axes.grid
    guard q + 1 < rows.count, k + 1 < cols.count else { return }
    out.append(.strokeRect(Rect(x: grid.x, y: rows[q], width: grid.width, height: rows[q + 1] - rows[q]), th.highlight.withAlpha(0.8), width: 1))
    out.append(.strokeRect(Rect(x: cols[k], y: grid.y, width: cols[k + 1] - cols[k], height: grid.height), th.highlight.withAlpha(0.8), width: 1))
    out.append(.strokeRect(Rect(x: cols[k], y: rows[q], width: cols[k + 1] - cols[k], height: rows[q + 1] - rows[q]), th.accent, width: 2))
}

/// A vertical scale from 0 to vmax with ticks, and the swatch that says what "masked" looks like.
func drawColorbar(_ out: inout [DrawCommand], _ r: Rect, vmax: Float, state: AppState, m: Metrics) {
    let th = state.theme
    guard r.height > m.base * 6 else { return }
    out.append(.text(TextItem("weight", at: Point(r.x, r.y), size: m.small, color: th.text, maxWidth: r.width)))
    let barTop = r.y + m.small * 1.8
    let barH = max(10, r.height - m.small * 6.5)
    let bar = Rect(x: r.x, y: barTop, width: m.base * 1.2, height: barH)
    let steps = 128
    let table = state.colormap.table
    let pixels = (0..<steps).map { i in state.colormap.argb(1 - Float(i) / Float(steps - 1), table: table) }
    out.append(.heatmap(bar, columns: 1, rows: steps, pixels: pixels))
    out.append(.strokeRect(bar, th.grid, width: 1))
    for t in 0...4 {
        let f = Float(t) / 4
        let y = bar.maxY - f * bar.height
        out.append(.line(from: Point(bar.maxX, y), to: Point(bar.maxX + m.pad * 0.8, y), th.text, width: 1))
        out.append(.text(TextItem(format(f * vmax, 2), at: Point(bar.maxX + m.pad, y), size: m.small, color: th.text,
                                  anchor: .centerLeft, maxWidth: r.maxX - bar.maxX - m.pad)))
    }
    let swatch = Rect(x: r.x, y: bar.maxY + m.small * 1.5, width: m.base * 1.2, height: m.base * 1.2)
    out.append(.fillRect(swatch, th.masked))
    out.append(.strokeRect(swatch, th.grid, width: 1))
    out.append(.text(TextItem("masked", at: Point(swatch.maxX + m.pad, swatch.center.y), size: m.small, color: th.text,
                              anchor: .centerLeft, maxWidth: r.maxX - swatch.maxX - m.pad)))
    if state.displayed.pairFilter != .all {
        out.append(.text(TextItem("or filtered", at: Point(r.x, swatch.maxY + m.small * 0.9), size: m.small,
                                  color: th.text, anchor: .centerLeft, maxWidth: r.width)))
    }
}

/// Query, key, head and the exact weight of the hovered cell.
func drawHeatmapTooltip(_ out: inout [DrawCommand], _ state: AppState, _ hover: HoverTarget, _ m: Metrics) {
    guard case let .cell(head, q, k) = hover, let p = state.pointer else { return }
    let frame = state.displayed
    guard q < frame.n, k < frame.n else { return }
    let weights = head.map { $0 < frame.heads.count ? frame.heads[$0] : frame.summary } ?? frame.summary
    let w = weights[q * frame.n + k]
    let who = head.map { "head \($0 + 1)" } ?? summaryTitle(state)
    var line1 = "query \(q + 1) “\(frame.tokens[q])” → key \(k + 1) “\(frame.tokens[k])”"
    var line2 = "\(who): weight \(format(w, 4))"
    if frame.pool > 1 {
        line1 = "queries \(frame.tokens[q]) → keys \(frame.tokens[k]) (overview of \(frame.pool)×\(frame.pool) blocks)"
        line2 = frame.isMasked(q, k) ? "\(who): all masked" : "\(who): largest weight in block \(format(w, 4))"
    } else if frame.isFilteredOut(q, k) {
        line2 = "\(who): weight \(format(w, 4)), outside \(frame.pairFilter.label) (Ctrl+B)"
    } else if frame.isMasked(q, k) {
        line2 = "\(who): masked (\(maskReason(frame, q, k))), weight 0"
    } else if let trace = state.trace, let h = head, h < trace.heads.count, q < trace.tokenCount, k < trace.tokenCount {
        line2 += "   score \(format(trace.heads[h].scores[q, k], 3))"
    }
    drawTooltip(&out, state, at: p, lines: [line1, line2], m)
}

func maskReason(_ frame: DisplayFrame, _ q: Int, _ k: Int) -> String {
    if frame.isFilteredOut(q, k) { return "outside \(frame.pairFilter.label); Ctrl+B changes it" }
    if frame.isPad(k) { return "key is PAD" }
    if frame.mask.causal && k > q { return "causal: key after query" }
    return "outside the window"
}
