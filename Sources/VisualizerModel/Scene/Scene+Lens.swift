import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The logit lens: one row per layer (the last is the model's own guess), one column per
/// position, each cell the token that layer's residual stream would write next there, shaded
/// by its probability. Read down a column to see where the answer forms.
func drawLens(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    guard state.isDecoder else {
        centered(&out, "The logit lens reads a decoder: start with --model F.gguf (make run-llm).", content, state, m)
        return
    }
    guard let lens = state.model?.output?.lens, !lens.cells.isEmpty else {
        centered(&out, state.model?.computing == true ? "reading every layer…" : "Type a prompt.", content, state, m)
        return
    }
    let layout = LensLayout(content: content, lens: lens, m)
    let (legend, grid) = (layout.legend, layout.grid)
    drawLensColorbar(&out, layout.colorbar, state, m)
    let (labelW, headerH, cellW, cellH) = (layout.labelW, layout.headerH, layout.cellW, layout.cellH)
    let (cols, rows) = (lens.positions.count, lens.layers.count)
    // Never under 14 px: "," "." "-" must read from the back of the room.
    let size = max(14, min(m.base, cellH * 0.55))
    let tokens = state.model?.output?.trace.encoding.tokens ?? []
    // "after ␣Paris" where it fits, else the token alone, else cut in its middle: two headers
    // never read the same for different tokens.
    let headerTokens = lens.positions.map { $0 < tokens.count ? tokens[$0] : "?" }
    let cutTokens = m.text.labels(headerTokens, size: m.small, in: cellW - 4)
    for (k, _) in lens.positions.enumerated() {
        let x = grid.x + labelW + Float(k) * cellW
        let full = "after " + TextWidths.distinct(headerTokens[k])
        let header = m.width(full, m.small) <= cellW - 4 ? full : cutTokens[k]
        out.append(
            .text(
                TextItem(
                    header, at: Point(x + cellW / 2, grid.y + headerH / 2), size: m.small,
                    color: k == cols - 1 ? theme.accent : theme.dimText, anchor: .center, maxWidth: cellW - 4)))
    }
    let table = state.colormap.table
    for (r, layer) in lens.layers.enumerated() {
        let y = grid.y + headerH + Float(r) * cellH
        let last = r == rows - 1
        out.append(
            .text(
                TextItem(
                    "layer \(layer + 1)",
                    at: Point(grid.x + labelW - m.pad, y + cellH / 2), size: size,
                    color: last ? theme.accent : theme.text, anchor: .centerRight, maxWidth: labelW - m.pad, bold: last)
            ))
        let cellTexts = m.text.labels(lens.cells[r].map(\.text), size: size, in: cellW - 6)
        for (k, cell) in lens.cells[r].enumerated() {
            let rect = layout.cell(row: r, column: k)
            let shade = max(0, min(1, cell.probability))
            out.append(.fillRect(rect, RGBA(hex: state.colormap.argb(shade, table: table))))
            out.append(
                .text(
                    TextItem(
                        cellTexts[k], at: rect.center, size: size, color: state.colormap.textColor(on: shade),
                        anchor: .center, maxWidth: rect.width - 4)))
        }
    }
    out.append(
        .text(
            TextItem(
                "last row: the model's own guess · shade: its probability (dark: unsure, bright: sure) · "
                    + (rows < (state.model?.info.layers ?? rows)
                        ? "every second layer of \(state.model?.info.layers ?? 0)" : "every layer")
                    + " · the last \(cols) positions",
                at: Point(legend.x, legend.center.y), size: m.small * 0.9, color: theme.dimText, anchor: .centerLeft,
                maxWidth: legend.width)))
}

/// Where the lens's parts are: drawing and hit-testing read the same rectangles.
struct LensLayout {
    var legend: Rect
    var grid: Rect
    /// A colour bar on the right says what the shades mean (issue 29 A.5).
    var colorbar: Rect
    var labelW: Float
    var headerH: Float
    var cellW: Float
    var cellH: Float

    init(content: Rect, lens: LogitLens, _ m: LayoutMetrics) {
        let (legend, area) = content.inset(m.pad).splitBottom(m.small * 1.8)
        let barW = m.base * 5
        self.legend = legend
        grid = Rect(x: area.x, y: area.y, width: area.width - barW, height: area.height)
        colorbar = Rect(x: grid.maxX + m.pad, y: grid.y, width: barW - m.pad, height: grid.height)
        labelW = m.base * 6
        headerH = m.base * 2.2
        cellW = (grid.width - labelW) / Float(max(1, lens.positions.count))
        cellH = min(m.base * 2.6, (grid.height - headerH) / Float(max(1, lens.layers.count)))
    }

    func cell(row r: Int, column k: Int) -> Rect {
        Rect(x: grid.x + labelW + Float(k) * cellW, y: grid.y + headerH + Float(r) * cellH, width: cellW, height: cellH)
            .inset(1)
    }
}

/// The lens cell under `p`, if any.
func hitTestLens(_ state: AppState, _ p: Point) -> HoverTarget? {
    guard let lens = state.model?.output?.lens, !lens.cells.isEmpty else { return nil }
    let m = LayoutMetrics(state)
    let layout = LensLayout(content: ChromeLayout(state, metrics: m).content, lens: lens, m)
    for r in lens.cells.indices {
        for k in lens.cells[r].indices where layout.cell(row: r, column: k).contains(p) {
            return .lensCell(row: r, column: k)
        }
    }
    return nil
}

/// A hovered lens cell: its layer's guess and chance, and where the model's final guess stands
/// at that layer (issue 29 A.5: "' Paris' is #5 here").
func drawLensTooltip(_ out: inout [DrawCommand], _ state: AppState, _ m: LayoutMetrics) {
    guard case .lensCell(let r, let k)? = state.pointer.hover, let p = state.pointer.position,
        let lens = state.model?.output?.lens, r < lens.cells.count, k < lens.cells[r].count,
        let final = lens.cells.last?[k]
    else { return }
    let cell = lens.cells[r][k]
    let tokens = state.model?.output?.trace.encoding.tokens ?? []
    let position = lens.positions[k]
    let after = position < tokens.count ? TextWidths.distinct(tokens[position]) : "?"
    let line1 =
        "layer \(lens.layers[r] + 1), after \(after): \(TextWidths.distinct(cell.text)) \(formatPercent(Double(cell.probability)))"
    let line2 =
        r == lens.cells.count - 1
        ? "the model's own guess"
        : cell.finalRank == 1
            ? "already the model's final guess"
            : "the final guess \(TextWidths.distinct(final.text)) is #\(cell.finalRank) here (\(formatPercent(Double(cell.finalProbability))))"
    drawTooltip(&out, state, at: p, lines: [line1, line2], m)
}

private func centered(_ out: inout [DrawCommand], _ text: String, _ r: Rect, _ state: AppState, _ m: LayoutMetrics) {
    out.append(
        .text(
            TextItem(text, at: r.center, size: m.title, color: state.theme.dimText, anchor: .center, maxWidth: r.width))
    )
}

/// The lens's scale: its colours from 0 to 1, the probability of each cell's token.
func drawLensColorbar(_ out: inout [DrawCommand], _ r: Rect, _ state: AppState, _ m: LayoutMetrics) {
    let theme = state.theme
    guard r.height > m.base * 6, r.width > m.base * 2 else { return }
    out.append(
        .text(
            TextItem(
                m.fitting(["probability", "prob.", "p"], m.small, in: r.width), at: Point(r.x, r.y), size: m.small,
                color: theme.text, maxWidth: r.width)))
    let bar = Rect(x: r.x, y: r.y + m.small * 2, width: m.base * 1.2, height: r.height - m.small * 3)
    drawGradient(&out, bar, state)
    for (v, label) in [(Float(1), "1 sure"), (0.5, "0.5"), (0, "0")] {
        let y = bar.maxY - v * bar.height
        out.append(.line(from: Point(bar.maxX, y), to: Point(bar.maxX + m.pad * 0.6, y), theme.text, width: 1))
        out.append(
            .text(
                TextItem(
                    m.fitting([label, String(label.prefix(1))], m.small, in: r.maxX - bar.maxX - m.pad),
                    at: Point(bar.maxX + m.pad * 0.8, y), size: m.small, color: theme.text, anchor: .centerLeft,
                    maxWidth: r.maxX - bar.maxX - m.pad)))
    }
}
