import AttentionCore
import Decoders

/// Two prompts compared (issue 29 B.5): A and B side by side, each with its own token labels,
/// B − A only where both have the same number of tokens (position by position), and a
/// decoder's next tokens paired ("France → Paris 77 % · Italy → Rome 64 %").
func drawComparePrompts(
    _ out: inout [DrawCommand], _ state: AppState, _ a: CompareSnapshot, _ content: Rect, _ m: LayoutMetrics
) {
    let theme = state.theme
    let b = state.displayed
    var main = content
    var panel: Rect?
    if a.nextTokens != nil || state.nextTokens != nil, content.width > m.base * 40 {
        let split = content.splitRight(m.base * 17)
        (panel, main) = (split.0, split.1)
    }
    let (barColumn, tiles) = main.splitRight(m.base * 7)
    let sameLength = a.frame.n == b.n && a.frame.pool == 1 && b.pool == 1
    // B − A needs no label band: A and B take the room their labels need.
    let colW = tiles.width * (sameLength ? 0.38 : 0.5)
    let (aWhat, bWhat) = differingWords(a.input, state.input.text)
    let vmax = state.colorScale == .fixed ? 1 : max(colorScaleMax(a.frame), colorScaleMax(b))
    var grids: [Rect] = []
    for (c, frame) in [a.frame, b].enumerated() {
        // Without B − A a note says why at the bottom: the tiles stop above it.
        let noteRoom: Float = sameLength ? 0 : m.small * 3.2
        let r = Rect(x: tiles.x + Float(c) * colW, y: tiles.y, width: colW, height: tiles.height - noteRoom).inset(
            m.pad)
        let size = HeatmapLayout.summaryLabelSize(r, tokens: frame.n, metrics: m)
        // Narrow tiles: a wider band keeps each prompt's own tokens whole.
        let tile = HeatmapLayout.tile(r, head: nil, labelSize: size, labels: true, metrics: m, bandShare: 0.36)
        let title = c == 0 ? "A: " + aWhat : "B: " + bWhat
        out.append(
            .text(
                TextItem(
                    title, at: Point(r.x, tile.titleRect.center.y), size: m.base,
                    color: c == 0 ? theme.text : theme.accent,
                    anchor: .centerLeft, maxWidth: r.width, bold: true)))
        out.append(
            .text(
                TextItem(
                    m.fitting(
                        ["average of heads · \(frame.tokenCount) tokens", "\(frame.tokenCount) tokens"], m.small,
                        in: r.width),
                    at: Point(r.x, tile.noteRect.center.y), size: m.small, color: theme.dimText, anchor: .centerLeft,
                    maxWidth: r.width)))
        guard frame.n > 0, frame.summary.count == frame.n * frame.n else { continue }
        let axes = HeatmapAxes(frame: frame, grid: tile.grid, zoom: ZoomWindow())
        drawCells(
            &out, frame, frame.summary, axes, vmax: vmax, table: state.colormap.table, masked: theme.masked, alpha: 1,
            numbers: true, colormap: state.colormap, m: m)
        out.append(.strokeRect(tile.grid, theme.grid, width: 1))
        drawLabels(&out, frame, tile, axes, theme, m)
        grids.append(tile.grid)
    }
    if sameLength, grids.count == 2 {
        drawPositionDifference(
            &out, state, a.frame, b, besideB: grids[1], from: tiles.x + 2 * colW, to: tiles.maxX, barColumn,
            vmax: vmax, m)
    } else {
        drawCompareBars(&out, state, barColumn, vmax: vmax, diffMax: nil, m)
        let note = "\(a.frame.tokenCount) and \(b.tokenCount) tokens: no B − A, it would pair unrelated positions"
        for (k, line) in m.text.wrap(note, size: m.small, in: tiles.width - 2 * m.pad).prefix(2).enumerated() {
            out.append(
                .text(
                    TextItem(
                        line, at: Point(tiles.x + m.pad, tiles.maxY - m.small * (2.8 - 1.4 * Float(k))), size: m.small,
                        color: theme.dimText, maxWidth: tiles.width - 2 * m.pad)))
        }
    }
    if let panel {
        drawPairedNextTokens(&out, state, a.nextTokens ?? [], state.nextTokens ?? [], (aWhat, bWhat), panel, m)
    }
}

/// B − A of two prompts of one length, position by position, beside B at B's size.
func drawPositionDifference(
    _ out: inout [DrawCommand], _ state: AppState, _ a: DisplayFrame, _ b: DisplayFrame, besideB: Rect, from x0: Float,
    to x1: Float, _ barColumn: Rect, vmax: Float, _ m: LayoutMetrics
) {
    let diffMax = largestDifference([("summary", a.summary, b.summary)])
    let left = x0 + m.pad
    let side = min(besideB.width, x1 - left - m.pad)
    let grid = Rect(x: left, y: besideB.y, width: side, height: side)
    let n = b.n
    out.append(.heatmap(grid, columns: n, rows: n, pixels: differencePixels(a.summary, b.summary, diffMax: diffMax)))
    out.append(.strokeRect(grid, state.theme.grid, width: 1))
    out.append(
        .text(
            TextItem(
                m.fitting(["B − A, position by position", "B − A"], m.base, bold: true, in: x1 - left),
                at: Point(grid.x, grid.y - m.small * 3.1), size: m.base, color: state.theme.accent, anchor: .centerLeft,
                maxWidth: x1 - left, bold: true)))
    drawCompareBars(&out, state, barColumn, vmax: vmax, diffMax: diffMax, m)
}

/// A's and B's next tokens side by side, in the model's own chances (T 1), under a line that
/// says the difference in words: "France → Paris 77 % · Italy → Rome 64 %".
func drawPairedNextTokens(
    _ out: inout [DrawCommand], _ state: AppState, _ aBars: [NextTokenBar], _ bBars: [NextTokenBar],
    _ names: (String, String), _ r: Rect, _ m: LayoutMetrics
) {
    let theme = state.theme
    let inner = drawNextTokenBox(&out, state, r, m)
    var y = inner.y + m.base * 1.6
    for (name, bars, color) in [(names.0, aBars, theme.text), (names.1, bBars, theme.accent)] {
        let line =
            bars.first.map { "\(name) → \(TextWidths.distinct($0.text)) \(formatPercent($0.modelProbability))" }
            ?? "\(name): —"
        for piece in m.text.wrap(line, size: m.small, bold: true, in: inner.width).prefix(2) {
            out.append(
                .text(
                    TextItem(
                        piece, at: Point(inner.x, y), size: m.small, color: color, maxWidth: inner.width, bold: true)))
            y += m.small * 1.35
        }
    }
    y += m.pad
    let half = (inner.width - m.pad) / 2
    let rowH = min(m.small * 2.6, (inner.maxY - y) / 5)
    for (c, (bars, color)) in [(aBars, theme.dimText), (bBars, theme.accent)].enumerated() {
        let x = inner.x + Float(c) * (half + m.pad)
        out.append(
            .text(TextItem(c == 0 ? "A" : "B", at: Point(x, y), size: m.small, color: theme.dimText, bold: true)))
        for (i, bar) in bars.prefix(5).enumerated() {
            let rowY = y + m.small * 1.4 + Float(i) * rowH
            out.append(
                .text(
                    TextItem(
                        m.text.labels([TextWidths.distinct(bar.text)], size: m.small, in: half).first ?? "",
                        at: Point(x, rowY), size: m.small, color: theme.text, maxWidth: half)))
            let barY = rowY + m.small * 1.25
            let pct = formatPercent(bar.modelProbability)
            let room = half - m.width("100%", m.small) - m.pad * 0.5
            let w = max(1, room * Float(bar.modelProbability))
            out.append(.fillRect(Rect(x: x, y: barY, width: w, height: m.small * 0.7), color))
            out.append(
                .text(
                    TextItem(
                        pct, at: Point(x + w + m.pad * 0.4, barY + m.small * 0.35), size: m.small, color: theme.text,
                        anchor: .centerLeft)))
        }
    }
}

/// What differs between two texts, word by word: the words left when their common start and
/// end are taken away, with "…" where words were ("The capital of France is" against "The
/// capital of Italy is": "…France…" and "…Italy…").
func differingWords(_ a: String, _ b: String) -> (String, String) {
    let wa = a.split(whereSeparator: \.isWhitespace).map(String.init)
    let wb = b.split(whereSeparator: \.isWhitespace).map(String.init)
    var start = 0
    while start < min(wa.count, wb.count) && wa[start] == wb[start] { start += 1 }
    var end = 0
    while end < min(wa.count, wb.count) - start && wa[wa.count - 1 - end] == wb[wb.count - 1 - end] { end += 1 }
    func middle(_ w: [String]) -> String {
        let core = w[start..<(w.count - end)].joined(separator: " ")
        // A text that is the other's start (or end) is named whole: "…(nothing)…" says nothing.
        guard !core.isEmpty else { return shortened(w.joined(separator: " "), limit: 24) }
        return (start > 0 ? "…" : "") + shortened(core, limit: 24) + (end > 0 ? "…" : "")
    }
    if wa == wb { return (shortened(a, limit: 24), shortened(b, limit: 24)) }
    return (middle(wa), middle(wb))
}
