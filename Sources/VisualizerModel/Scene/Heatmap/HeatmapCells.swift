import AttentionCore

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

func drawCells(
    _ out: inout [DrawCommand], _ frame: DisplayFrame, _ weights: [Float], _ axes: HeatmapAxes, vmax: Float,
    table: [UInt32], masked: RGBA, alpha: Float, numbers: Bool, colormap: Colormap, m: LayoutMetrics
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
                        formatted(w, decimals: 2), at: c, size: size,
                        color: colormap.textColor(on: w * inv).withAlpha(alpha),
                        anchor: .center, maxWidth: cell - 2)))
        }
    }
}

/// Query tokens down the left, key tokens along the top (vertical, so they never collide).
/// When cells are smaller than the text, every k-theme label is shown instead of a smear.
func drawLabels(
    _ out: inout [DrawCommand], _ frame: DisplayFrame, _ tile: TileLayout, _ axes: HeatmapAxes, _ theme: Theme,
    _ m: LayoutMetrics, written: Set<Int> = []
) {
    let rowsIn = axes.visibleRows
    let colsIn = axes.visibleColumns
    guard !rowsIn.isEmpty else { return }
    let size = tile.labelSize
    let every = labelStride(frame, tile, axes)
    let band = tile.grid.x - tile.rect.x
    // Every label measured and, where it does not fit, cut in its middle (never two tokens alike).
    let shown = Array(Set(rowsIn).union(colsIn).filter { $0 % every == 0 }).sorted()
    let cut = m.text.labels(shown.map { frame.label($0) }, size: size, in: band - m.pad * 1.2)
    let label = Dictionary(uniqueKeysWithValues: zip(shown, cut))
    for i in rowsIn where i % every == 0 {
        let s = frame.sizes[i]
        let y = (axes.rows[i] + axes.rows[i + 1]) / 2
        guard s > 0.05, y >= tile.grid.y, y <= tile.grid.maxY else { continue }
        out.append(
            .text(
                TextItem(
                    label[i] ?? frame.label(i), at: Point(tile.grid.x - m.pad * 0.6, y), size: size * min(1, s + 0.3),
                    color: (written.contains(i) ? theme.written : theme.text).withAlpha(min(1, s)),
                    anchor: .centerRight,
                    maxWidth: band - m.pad * 1.2)))
    }
    for j in colsIn where j % every == 0 {
        let s = frame.sizes[j]
        let x = (axes.columns[j] + axes.columns[j + 1]) / 2
        guard s > 0.05, x >= tile.grid.x, x <= tile.grid.maxX else { continue }
        out.append(
            .text(
                TextItem(
                    label[j] ?? frame.label(j), at: Point(x, tile.grid.y - m.pad * 0.6), size: size * min(1, s + 0.3),
                    color: (written.contains(j) ? theme.written : theme.text).withAlpha(min(1, s)),
                    anchor: .bottomCenter, maxWidth: band - m.pad * 1.2,
                    vertical: true)))
    }
}

func drawCrosshair(_ out: inout [DrawCommand], _ axes: HeatmapAxes, _ q: Int, _ k: Int, _ theme: Theme) {
    let cols = axes.columns
    let rows = axes.rows
    let grid = axes.grid
    guard q + 1 < rows.count, k + 1 < cols.count else { return }
    out.append(
        .strokeRect(
            Rect(x: grid.x, y: rows[q], width: grid.width, height: rows[q + 1] - rows[q]),
            theme.highlight.withAlpha(0.8),
            width: 1))
    out.append(
        .strokeRect(
            Rect(x: cols[k], y: grid.y, width: cols[k + 1] - cols[k], height: grid.height),
            theme.highlight.withAlpha(0.8),
            width: 1))
    out.append(
        .strokeRect(
            Rect(x: cols[k], y: rows[q], width: cols[k + 1] - cols[k], height: rows[q + 1] - rows[q]), theme.accent,
            width: 2))
}
