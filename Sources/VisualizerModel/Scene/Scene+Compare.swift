import AttentionCore

/// The comparison: the frozen picture A, the live one B and their difference, for the summary
/// and the selected head, each row on one colour scale (B − A on a diverging one of its own).
func drawCompare(
    _ out: inout [DrawCommand], _ state: AppState, _ a: CompareSnapshot, _ content: Rect, _ m: LayoutMetrics
) {
    let theme = state.theme
    let b = state.displayed
    if a.frame.tokens != b.tokens || a.input != state.input.text {
        // Two prompts: each picture with its own tokens, their next tokens paired.
        drawComparePrompts(&out, state, a, content, m)
        return
    }
    let head = max(0, min(state.selection.head, b.heads.count - 1, a.frame.heads.count - 1))
    let (bars, main) = content.splitRight(m.base * 7)
    let (header, body) = main.splitTop(m.small * 1.8)
    let labelW = min(m.width("summary", m.base, bold: true) + 2 * m.pad, main.width * 0.15)
    let colW = (body.width - labelW) / 3
    let rowH = body.height / 2
    let side = max(0, min(colW - 2 * m.pad, rowH - m.small * 2.2 - m.pad))
    let titles = compareTitles(state, a, columnWidth: colW, m)
    for (c, title) in titles.enumerated() {
        out.append(
            .text(
                TextItem(
                    title, at: Point(body.x + labelW + Float(c) * colW + m.pad, header.center.y), size: m.small,
                    color: c == 2 ? theme.accent : theme.text, anchor: .centerLeft, maxWidth: colW - m.pad, bold: true))
        )
    }
    let rows: [(String, [Float], [Float])] = [
        ("summary", a.frame.summary, b.summary),
        (
            "head \(head + 1)", head < a.frame.heads.count ? a.frame.heads[head] : [],
            head < b.heads.count ? b.heads[head] : []
        ),
    ]
    // The same tokens (drawComparePrompts takes the rest): every cell has its twin.
    let diffMax = largestDifference(rows)
    let vmax = state.colorScale == .fixed ? 1 : max(colorScaleMax(a.frame), colorScaleMax(b))
    for (r, (name, wa, wb)) in rows.enumerated() {
        let y = body.y + Float(r) * rowH
        out.append(
            .text(
                TextItem(
                    name, at: Point(body.x + labelW - m.pad, y + rowH / 2), size: m.base, color: theme.text,
                    anchor: .centerRight, maxWidth: labelW - m.pad, bold: true)))
        for c in 0..<3 {
            let grid = Rect(
                x: body.x + labelW + Float(c) * colW + m.pad, y: y + m.small * 0.6, width: side, height: side)
            let n = c == 0 ? a.frame.n : b.n
            let values = c == 0 ? wa : wb
            guard n > 0, values.count == n * n else { continue }
            if c < 2 {
                let px = weightPixels(c == 0 ? a.frame : b, values, vmax: vmax, state)
                out.append(.heatmap(grid, columns: n, rows: n, pixels: px))
            } else if wa.count == wb.count {
                out.append(.heatmap(grid, columns: n, rows: n, pixels: differencePixels(wa, wb, diffMax: diffMax)))
            }
            out.append(.strokeRect(grid, theme.grid, width: 1))
            if r == 1 {
                out.append(
                    .text(
                        TextItem(
                            m.fitting(["queries ↓ · keys →", "q ↓ k →"], m.small, in: side),
                            at: Point(grid.x, grid.maxY + m.pad * 0.4),
                            size: m.small, color: theme.dimText, maxWidth: side)))
            }
        }
    }
    drawCompareBars(&out, state, bars, vmax: vmax, diffMax: diffMax, m)
}

/// B − A as pixels on the diverging map, ±`diffMax` at its ends.
func differencePixels(_ a: [Float], _ b: [Float], diffMax: Float) -> [UInt32] {
    let table = Colormap.diverging.table
    return zip(a, b).map { Colormap.diverging.argb(0.5 + 0.5 * ($1 - $0) / diffMax, table: table) }
}

/// Two colorbars: the weights (A and B share it) and the difference, "B − A: none" when A and
/// B are equal (`largestDifference`'s floor); `diffMax` nil draws no difference at all.
func drawCompareBars(
    _ out: inout [DrawCommand], _ state: AppState, _ bars: Rect, vmax: Float, diffMax: Float?, _ m: LayoutMetrics
) {
    let (top, bottom) = bars.inset(m.pad).splitTop(bars.height / 2)
    drawColorbar(&out, top, vmax: vmax, state: state, filtered: false, m: m)
    guard let diffMax, bottom.height > m.base * 5 else { return }
    guard diffMax > 1e-6 else {
        out.append(
            .text(
                TextItem(
                    m.fitting(["B − A: none", "B = A", "="], m.small, in: bottom.width), at: Point(bottom.x, bottom.y),
                    size: m.small, color: state.theme.accent, maxWidth: bottom.width, bold: true)))
        return
    }
    drawDifferenceBar(&out, bottom, diffMax: diffMax, state, m)
}

/// Column titles: A and B by the settings that differ between them, then B − A.
func compareTitles(_ state: AppState, _ a: CompareSnapshot, columnWidth colW: Float, _ m: LayoutMetrics) -> [String] {
    // Titled by what differs (T=1 against T=0.50), the rest being the same.
    let bParts = state.compareParts()
    let differ =
        a.parts.count == bParts.count ? a.parts.indices.filter { a.parts[$0] != bParts[$0] } : Array(a.parts.indices)
    let aWhat = differ.map { a.parts[$0] }.joined(separator: " · ")
    let bWhat = differ.compactMap { $0 < bParts.count ? bParts[$0] : nil }.joined(separator: " · ")
    return [
        m.fitting(
            aWhat.isEmpty ? ["A (frozen)", "A"] : ["A: \(aWhat)", "A (frozen)", "A"], m.small, bold: true,
            in: colW - m.pad),
        m.fitting(
            bWhat.isEmpty ? ["B (live): same settings", "B (live)", "B"] : ["B: \(bWhat)", "B (live)", "B"], m.small,
            bold: true, in: colW - m.pad),
        m.fitting(["B − A", "B−A"], m.small, bold: true, in: colW - m.pad),
    ]
}

/// A frame's weights as pixels on the shared scale, masked cells grey.
func weightPixels(_ frame: DisplayFrame, _ values: [Float], vmax: Float, _ state: AppState) -> [UInt32] {
    let theme = state.theme
    let table = state.colormap.table
    let n = frame.n
    let inv = 1 / vmax
    var px = [UInt32](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0..<n {
            px[i * n + j] =
                frame.isMasked(i, j)
                ? theme.masked.argb : state.colormap.argb(values[i * n + j] * inv, table: table)
        }
    }
    return px
}

/// The difference's own colorbar, symmetric about 0.
func drawDifferenceBar(
    _ out: inout [DrawCommand], _ bottom: Rect, diffMax: Float, _ state: AppState, _ m: LayoutMetrics
) {
    let theme = state.theme
    let diverging = Colormap.diverging.table
    out.append(
        .text(
            TextItem(
                "B − A", at: Point(bottom.x, bottom.y), size: m.small, color: theme.accent, maxWidth: bottom.width,
                bold: true)))
    let bar = Rect(
        x: bottom.x, y: bottom.y + m.small * 1.6, width: m.base * 1.2, height: max(10, bottom.height - m.small * 2.6))
    let steps = 64
    out.append(
        .heatmap(
            bar, columns: 1, rows: steps,
            pixels: (0..<steps).map { Colormap.diverging.argb(1 - Float($0) / Float(steps - 1), table: diverging) }))
    out.append(.strokeRect(bar, theme.grid, width: 1))
    // Small differences keep their significant digits: ±0.00 would say "none" where there is some.
    let decimals = diffMax >= 0.01 ? 2 : diffMax >= 0.001 ? 3 : 4
    for (f, v) in [(Float(0), diffMax), (0.5, 0), (1, -diffMax)] {
        let y = bar.y + f * bar.height
        out.append(.line(from: Point(bar.maxX, y), to: Point(bar.maxX + m.pad * 0.8, y), theme.text, width: 1))
        out.append(
            .text(
                TextItem(
                    v > 0 ? "+" + formatted(v, decimals: decimals) : v < 0 ? formatted(v, decimals: decimals) : "0",
                    at: Point(bar.maxX + m.pad, y),
                    size: m.small,
                    color: theme.text,
                    anchor: .centerLeft, maxWidth: bottom.maxX - bar.maxX - m.pad)))
    }
}

/// The largest |B − A| over the rows compared (at least 1e-6): the difference's colour scale.
func largestDifference(_ rows: [(String, [Float], [Float])]) -> Float {
    var diffMax: Float = 1e-6
    for (_, wa, wb) in rows where wa.count == wb.count {
        for i in wa.indices { diffMax = max(diffMax, abs(wb[i] - wa[i])) }
    }
    return diffMax
}
