import AttentionCore

/// The heatmaps view: the summary of all heads on the left, one tile per head, a colorbar.
func drawHeatmaps(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: Metrics) {
    let th = state.theme
    let frame = state.displayed
    guard frame.n > 0 else {
        out.append(
            .text(
                TextItem(
                    "Type a sequence: words (the cat sat) or numbers (1 2 3 5 8).", at: content.center,
                    size: m.title, color: th.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let layout = HeatmapLayout(content: content, frame: frame, metrics: m)
    let vmax = state.colorScale == .fixed ? 1 : colorScaleMax(frame)
    let table = state.colormap.table
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
            &out, frame, weights, axes, vmax: vmax, table: table, masked: th.masked, alpha: alpha,
            numbers: true, colormap: state.colormap, m: m)
        if let hl = highlight, hl.head == tile.head { drawCrosshair(&out, axes, hl.query, hl.key, th) }
        if tile.head == nil, frame.pool == 1 {
            // Ctrl+clicked queries: their rows outlined on the summary.
            for q in state.selection.queries where q + 1 < axes.rows.count {
                out.append(
                    .strokeRect(
                        Rect(
                            x: tile.grid.x, y: axes.rows[q], width: tile.grid.width,
                            height: axes.rows[q + 1] - axes.rows[q]),
                        th.accent, width: 2))
            }
        }
        out.append(.popClip)
        // With a trained model the head opened from the model view (or picked with Ctrl+H) is marked.
        let picked = state.model != nil && tile.head == state.selection.head
        out.append(
            .strokeRect(
                picked ? tile.grid.inset(-2) : tile.grid, (picked ? th.accent : th.grid).withAlpha(alpha),
                width: picked ? 3 : 1))
        if tile.showLabels { drawLabels(&out, frame, tile, axes, th, m) }
    }
    drawColorbar(&out, layout.colorbar, vmax: vmax, state: state, filtered: frame.pairFilter != .all, m: m)
}

/// A tile's title, and which way queries and keys run: every tile says it, so nobody has to ask.
func drawTileTitles(
    _ out: inout [DrawCommand], _ state: AppState, _ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes,
    alpha: Float, _ m: Metrics
) {
    let th = state.theme
    let width = tile.rect.maxX - tile.grid.x
    let dim = th.dimText.withAlpha(alpha)
    guard tile.head == nil else {
        // While tiles move to a new head count, their titles wait: moving titles would fly over
        // the titles of tiles fading in. They appear as the tiles land.
        let e = Easing.inOutCubic(frame.layoutT)
        let landing = frame.layoutT >= 1 || frame.layoutFromHeads == frame.layoutHeads ? 1 : max(0, (e - 0.97) / 0.03)
        let alpha = alpha * landing
        guard alpha > 0.01 else { return }
        let dim = th.dimText.withAlpha(alpha)
        let picked = state.model != nil && tile.head == state.selection.head
        let title = "head \((tile.head ?? 0) + 1)"
        let keys = m.fitting(["keys →", "k →"], m.small, in: max(0, width - m.width(title, m.small) - m.pad))
        out.append(
            .text(
                TextItem(
                    title, at: Point(tile.grid.x, tile.titleRect.center.y), size: m.small,
                    color: (picked ? th.accent : th.text).withAlpha(alpha), anchor: .centerLeft, maxWidth: width)))
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
        return
    }
    let full = tile.rect.width
    out.append(
        .text(
            TextItem(
                m.fitting(summaryTitles(state), m.base, bold: true, in: full),
                at: Point(tile.rect.x, tile.titleRect.center.y), size: m.base,
                color: th.accent.withAlpha(alpha), anchor: .centerLeft, maxWidth: full, bold: true)))
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
    return max(1, Int((tile.labelSize * 1.15 / max(cell, 0.001)).rounded(.up)))
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

/// The top of the colour scale: the largest weight shown, rounded up to a tenth (at least 0.1).
func colorScaleMax(_ frame: DisplayFrame) -> Float {
    var mx = largest(frame.summary)
    for h in frame.heads { mx = max(mx, largest(h)) }
    return min(1, max(0.1, (mx * 10).rounded(.up) / 10))
}

/// The largest finite value of `values` (0 if none), sixteen lanes at a time: it runs every frame.
func largest(_ values: [Float]) -> Float {
    values.withUnsafeBufferPointer { b -> Float in
        guard let p = b.baseAddress else { return 0 }
        var acc = SIMD16<Float>(repeating: 0)
        let limit = SIMD16<Float>(repeating: .greatestFiniteMagnitude)
        var i = 0
        while i + 16 <= b.count {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            // NaN and infinities never win (comparisons with NaN are false).
            acc = acc.replacing(with: v, where: (v .> acc) .& (v .<= limit))
            i += 16
        }
        var mx: Float = 0
        for l in 0..<16 where acc[l] > mx { mx = acc[l] }
        while i < b.count {
            if p[i] > mx && p[i].isFinite { mx = p[i] }
            i += 1
        }
        return mx
    }
}

/// Masked cells carry a diagonal stroke as well as their grey, so "masked" never reads as a
/// mid weight in the gray map (or to a colour-blind viewer): one stroke per cell while cells are
/// big enough to show it, else a stroke per run of masked cells in a row.
func drawMaskHatch(
    _ out: inout [DrawCommand], _ frame: DisplayFrame, _ axes: HeatmapAxes, _ rowsIn: Range<Int>, _ colsIn: Range<Int>,
    cell: Float, color: RGBA, alpha: Float
) {
    guard cell >= 5, frame.mask != .none || frame.pairFilter != .all else { return }
    let ink = hatchInk(color).withAlpha(0.85 * alpha)
    var strokes = 0
    for i in rowsIn {
        let y0 = axes.rows[i]
        let y1 = axes.rows[i + 1]
        guard y1 - y0 >= 3 else { continue }
        for j in colsIn where frame.isMasked(i, j) {
            let x0 = axes.columns[j]
            let x1 = axes.columns[j + 1]
            guard x1 - x0 >= 3 else { continue }
            let inset = min(x1 - x0, y1 - y0) * 0.2
            out.append(
                .line(
                    from: Point(x0 + inset, y1 - inset), to: Point(x1 - inset, y0 + inset), ink,
                    width: max(1, cell * 0.06)))
            strokes += 1
            if strokes >= 6000 { return }
        }
    }
}

/// A stroke colour that stands out on the masked grey (darker on light greys, lighter on dark).
func hatchInk(_ c: RGBA) -> RGBA {
    let luma = 0.299 * Float(c.r) + 0.587 * Float(c.g) + 0.114 * Float(c.b)
    return luma > 140 ? RGBA(70, 72, 78, 255) : RGBA(190, 192, 198, 255)
}

/// Evenly spaced colorbar ticks from 0 to at most `vmax`: 0, 0.05, 0.1, … never 0.03, 0.05, 0.08.
func colorbarTicks(_ vmax: Float) -> [Float] {
    let steps: [Float] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1]
    let step = steps.first { vmax / $0 <= 5.0001 } ?? 1
    var out: [Float] = []
    var k = 0
    while Float(k) * step <= vmax * 1.0001 {
        out.append(Float(k) * step)
        k += 1
    }
    return out
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
            let cw = grid.width / span
            let ch = grid.height / span
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
        guard grid.contains(p), let j = slotIndex(p.x, edges: columns), let i = slotIndex(p.y, edges: rows) else {
            return nil
        }
        return (i, j)
    }
}

func drawCells(
    _ out: inout [DrawCommand], _ frame: DisplayFrame, _ weights: [Float], _ axes: HeatmapAxes, vmax: Float,
    table: [UInt32], masked: RGBA, alpha: Float, numbers: Bool, colormap: Colormap, m: Metrics
) {
    let n = frame.n
    let uniform = axes.zoomed || frame.sizes.allSatisfy { $0 == 1 } || n > 48
    let inv = 1 / vmax
    // Opaque pixels; a fading tile (heads fading in or out) is drawn at `alpha` as a whole.
    let maskedARGB = masked.argb | 0xff00_0000
    let rowsIn = axes.visibleRows
    let colsIn = axes.visibleColumns
    guard !rowsIn.isEmpty, !colsIn.isEmpty else { return }
    if uniform {
        // One texture of the visible block, placed on the slot edges (the clip trims partial cells).
        let key = TilePixels.Key(
            frame: frame, weights: weights, rows: rowsIn, columns: colsIn, inv: inv, table: table,
            maskedARGB: maskedARGB)
        let pixels = TilePixels.memo.pixels(key) {
            var pixels = [UInt32](repeating: 0, count: rowsIn.count * colsIn.count)
            var k = 0
            for i in rowsIn {
                for j in colsIn {
                    pixels[k] =
                        frame.isMasked(i, j)
                        ? maskedARGB : colormap.argb(weights[i * n + j] * inv, table: table) | 0xff00_0000
                    k += 1
                }
            }
            return pixels
        }
        let rect = Rect(
            x: axes.columns[colsIn.lowerBound], y: axes.rows[rowsIn.lowerBound],
            width: axes.columns[colsIn.upperBound] - axes.columns[colsIn.lowerBound],
            height: axes.rows[rowsIn.upperBound] - axes.rows[rowsIn.lowerBound])
        out.append(.heatmap(rect, columns: colsIn.count, rows: rowsIn.count, pixels: pixels, opacity: alpha))
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
    let cell = axes.columns[colsIn.lowerBound + 1] - axes.columns[colsIn.lowerBound]
    drawMaskHatch(&out, frame, axes, rowsIn, colsIn, cell: cell, color: masked, alpha: alpha)
    // Numbers in the cells, in every tile, whenever they fit at the current text size and zoom.
    let size = m.small
    let rowH = axes.rows[rowsIn.lowerBound + 1] - axes.rows[rowsIn.lowerBound]
    guard numbers, uniform, cell >= m.width("0.00", size) + 2, rowH >= size * 1.15 else { return }
    for i in rowsIn {
        for j in colsIn where !frame.isMasked(i, j) {
            let w = weights[i * n + j]
            let c = Point((axes.columns[j] + axes.columns[j + 1]) / 2, (axes.rows[i] + axes.rows[i + 1]) / 2)
            out.append(
                .text(
                    TextItem(
                        format(w, 2), at: c, size: size, color: colormap.textColor(on: w * inv).withAlpha(alpha),
                        anchor: .center, maxWidth: cell - 2)))
        }
    }
}

/// Query tokens down the left, key tokens along the top (vertical, so they never collide).
/// When cells are smaller than the text, every k-th label is shown instead of a smear.
func drawLabels(
    _ out: inout [DrawCommand], _ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes, _ th: Theme,
    _ m: Metrics
) {
    let rowsIn = axes.visibleRows
    let colsIn = axes.visibleColumns
    guard !rowsIn.isEmpty else { return }
    let size = tile.labelSize
    let every = labelStride(frame, tile, axes)
    let band = tile.grid.x - tile.rect.x
    for i in rowsIn where i % every == 0 {
        let s = frame.sizes[i]
        let y = (axes.rows[i] + axes.rows[i + 1]) / 2
        guard s > 0.05, y >= tile.grid.y, y <= tile.grid.maxY else { continue }
        out.append(
            .text(
                TextItem(
                    frame.label(i), at: Point(tile.grid.x - m.pad * 0.6, y), size: size * min(1, s + 0.3),
                    color: th.text.withAlpha(min(1, s)), anchor: .centerRight, maxWidth: band - m.pad * 1.2)))
    }
    for j in colsIn where j % every == 0 {
        let s = frame.sizes[j]
        let x = (axes.columns[j] + axes.columns[j + 1]) / 2
        guard s > 0.05, x >= tile.grid.x, x <= tile.grid.maxX else { continue }
        out.append(
            .text(
                TextItem(
                    frame.label(j), at: Point(x, tile.grid.y - m.pad * 0.6), size: size * min(1, s + 0.3),
                    color: th.text.withAlpha(min(1, s)), anchor: .bottomCenter, maxWidth: band - m.pad * 1.2,
                    vertical: true)))
    }
}

func drawCrosshair(_ out: inout [DrawCommand], _ axes: HeatmapAxes, _ q: Int, _ k: Int, _ th: Theme) {
    let cols = axes.columns
    let rows = axes.rows
    let grid = axes.grid
    guard q + 1 < rows.count, k + 1 < cols.count else { return }
    out.append(
        .strokeRect(
            Rect(x: grid.x, y: rows[q], width: grid.width, height: rows[q + 1] - rows[q]), th.highlight.withAlpha(0.8),
            width: 1))
    out.append(
        .strokeRect(
            Rect(x: cols[k], y: grid.y, width: cols[k + 1] - cols[k], height: grid.height), th.highlight.withAlpha(0.8),
            width: 1))
    out.append(
        .strokeRect(
            Rect(x: cols[k], y: rows[q], width: cols[k + 1] - cols[k], height: rows[q + 1] - rows[q]), th.accent,
            width: 2))
}

/// A vertical scale from 0 to vmax with ticks, and the swatch that says what "masked" looks like.
func drawColorbar(_ out: inout [DrawCommand], _ r: Rect, vmax: Float, state: AppState, filtered: Bool, m: Metrics) {
    let th = state.theme
    guard r.height > m.base * 8 else { return }
    out.append(.text(TextItem("weight", at: Point(r.x, r.y), size: m.small, color: th.text, maxWidth: r.width)))
    let scale = state.colorScale == .fixed ? ["fixed 0–1 (F8)", "fixed 0–1", "fixed"] : ["auto (F8)", "auto"]
    out.append(
        .text(
            TextItem(
                m.fitting(scale, m.small, in: r.width), at: Point(r.x, r.y + m.small * 1.3), size: m.small,
                color: th.dimText, maxWidth: r.width)))
    let barTop = r.y + m.small * 3.2
    let barH = max(10, r.height - m.small * 8)
    let bar = Rect(x: r.x, y: barTop, width: m.base * 1.2, height: barH)
    let steps = 128
    let table = state.colormap.table
    let pixels = (0..<steps).map { i in state.colormap.argb(1 - Float(i) / Float(steps - 1), table: table) }
    out.append(.heatmap(bar, columns: 1, rows: steps, pixels: pixels))
    out.append(.strokeRect(bar, th.grid, width: 1))
    let ticks = colorbarTicks(vmax)
    let digits =
        ticks.contains { ($0 * 10).rounded() != $0 * 10 }
        ? (ticks.contains { ($0 * 100).rounded() != $0 * 100 } ? 3 : 2) : 1
    for v in ticks {
        let y = bar.maxY - v / vmax * bar.height
        out.append(.line(from: Point(bar.maxX, y), to: Point(bar.maxX + m.pad * 0.8, y), th.text, width: 1))
        out.append(
            .text(
                TextItem(
                    format(v, digits), at: Point(bar.maxX + m.pad, y), size: m.small, color: th.text,
                    anchor: .centerLeft, maxWidth: r.maxX - bar.maxX - m.pad)))
    }
    let swatch = Rect(x: r.x, y: bar.maxY + m.small * 1.5, width: m.base * 1.2, height: m.base * 1.2)
    out.append(.fillRect(swatch, th.masked))
    out.append(
        .line(
            from: Point(swatch.x + swatch.width * 0.2, swatch.maxY - swatch.height * 0.2),
            to: Point(swatch.maxX - swatch.width * 0.2, swatch.y + swatch.height * 0.2),
            hatchInk(th.masked).withAlpha(0.85),
            width: max(1, swatch.width * 0.06)))
    out.append(.strokeRect(swatch, th.grid, width: 1))
    out.append(
        .text(
            TextItem(
                "masked", at: Point(swatch.maxX + m.pad, swatch.center.y), size: m.small, color: th.text,
                anchor: .centerLeft, maxWidth: r.maxX - swatch.maxX - m.pad)))
    if filtered {
        out.append(
            .text(
                TextItem(
                    "or filtered", at: Point(r.x, swatch.maxY + m.small * 0.9), size: m.small,
                    color: th.text, anchor: .centerLeft, maxWidth: r.width)))
    }
}

/// Query, key, head and the exact weight of the hovered cell.
func drawHeatmapTooltip(_ out: inout [DrawCommand], _ state: AppState, _ hover: HoverTarget, _ m: Metrics) {
    guard case .cell(let head, let q, let k) = hover, let p = state.pointer.position else { return }
    let frame = state.displayed
    guard q < frame.n, k < frame.n else { return }
    let weights = head.map { $0 < frame.heads.count ? frame.heads[$0] : frame.summary } ?? frame.summary
    let w = weights[q * frame.n + k]
    let who = head.map { "head \($0 + 1)" } ?? summaryTitle(state)
    var line1 = "query \(q + 1) “\(frame.tokens[q])” → key \(k + 1) “\(frame.tokens[k])”"
    var line2 = "\(who): weight \(format(w, 4))"
    if frame.pool > 1 {
        line1 = "queries \(frame.tokens[q]) → keys \(frame.tokens[k]) · overview of \(frame.pool)×\(frame.pool) blocks"
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
    if frame.pool == 1, (0..<frame.n).allSatisfy({ frame.isMasked(q, $0) }) {
        return "this query's window holds only PAD: it attends to nothing"
    }
    if frame.isPad(k) { return "key is PAD" }
    if frame.mask.causal && k > q { return "causal: key after query" }
    return "outside the window"
}
