import AttentionCore

/// Where the looked-at view puts the text: a header, then the tokens as a paragraph of chips
/// that wraps, each with room under it for its bar and its weight; drawing and hit-testing use
/// the same rects.
struct TokenFlowLayout: Equatable {
    var header: Rect
    /// One chip per token, then (a decoder) the slot of the next token; zero-sized when scrolled out.
    var chips: [Rect]
    /// The bar's room under each chip: a weight of the scale's top fills it.
    var bars: [Rect]
    var legend: Rect
    /// Tokens before this one are above the shown rows.
    var firstShown: Int

    /// Header lines, each `lineHeight` tall: what is looked at, whose weights, how it was drawn.
    static let headerLines: Float = 3

    init(content: Rect, labels: [String], keepVisible: Int, _ m: LayoutMetrics) {
        let inner = content.inset(m.pad)
        (header, _) = inner.splitTop(m.base * 1.5 + m.small * 1.45 * (TokenFlowLayout.headerLines - 1))
        let legendH = m.small * 1.6
        legend = Rect(x: inner.x, y: inner.maxY - legendH, width: inner.width, height: legendH)
        let body = Rect(
            x: inner.x, y: header.maxY + m.pad, width: inner.width, height: legend.y - header.maxY - 2 * m.pad)
        let minimum = m.width("0.00", m.small) + m.pad
        // Measured bold: the token that looks is drawn bold in its chip.
        let widths = labels.map { max(m.width($0, m.base, bold: true) + m.pad * 1.2, minimum) }
        // Rows of chips: a token starts a new row where it would cross the right edge.
        var rowOf: [Int] = []
        var xs: [Float] = []
        var x: Float = 0
        var row = 0
        for w in widths {
            if x > 0 && x + w > body.width {
                row += 1
                x = 0
            }
            rowOf.append(row)
            xs.append(x)
            x += w + m.pad * 0.4
        }
        let rows = row + 1
        let chipH = m.base * 1.6
        let valueH = m.small * 1.3
        // The tallest bars that let every row show, down to a floor; below it, the rows scroll
        // to keep the selected token in view.
        let barH = max(m.base, min(m.base * 8, body.height / Float(rows) - chipH - valueH - m.pad))
        let rowH = chipH + barH + valueH + m.pad
        let fitting = max(1, Int(body.height / rowH))
        let keepRow = keepVisible < rowOf.count ? rowOf[keepVisible] : row
        let topRow = max(0, min(keepRow - fitting + 1, rows - fitting))
        firstShown = rowOf.firstIndex { $0 >= topRow } ?? 0
        chips = []
        bars = []
        for (i, w) in widths.enumerated() {
            let r = rowOf[i] - topRow
            guard r >= 0 && r < fitting else {
                chips.append(Rect(x: 0, y: 0, width: 0, height: 0))
                bars.append(Rect(x: 0, y: 0, width: 0, height: 0))
                continue
            }
            let y = body.y + Float(r) * rowH
            chips.append(Rect(x: body.x + xs[i], y: y, width: w, height: chipH))
            bars.append(Rect(x: body.x + xs[i], y: y + chipH + m.pad * 0.3, width: w, height: barH))
        }
    }

    /// The chip under `p`, if any.
    func chip(at p: Point) -> Int? {
        chips.indices.first { chips[$0].width > 0 && chips[$0].contains(p) }
    }
}
