import AttentionCore

func drawExplain(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    guard let trace = state.trace,
        let ex = Explanation(
            trace: trace, query: state.selection.query, key: state.selection.key,
            head: min(state.selection.head, trace.heads.count - 1))
    else {
        out.append(
            .text(
                TextItem(
                    state.waitingHint ?? "Type a sequence, then pick a query and a key (click a heatmap cell).",
                    at: content.center,
                    size: m.title, color: state.theme.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    var page = ExplainPage(state: state, trace: trace, ex: ex, content: content, m: m)
    page.drawDotProduct()
    page.drawKeyRows()
    page.drawOutput()
    out += page.out
}

/// The explanation's rows, top to bottom: q_i, k_j, their products, the scaling, the masked
/// row of scores, the softmax and the output. One value so the rows share their geometry.
struct ExplainPage {
    let state: AppState
    let trace: AttentionTrace
    let ex: Explanation
    let content: Rect
    let m: LayoutMetrics
    var out: [DrawCommand] = []

    var theme: Theme { state.theme }
    var labelW: Float { min(content.width * 0.3, m.base * 15) }
    var stepH: Float { content.height / 8.4 }
    var cellsX: Float { content.x + labelW }
    var cellsW: Float { content.width - labelW - m.pad }
    /// 16 dimensions when they are all there is; 12 of many, leaving room to say what the rest add.
    var shown: Int { trace.dK <= 16 ? trace.dK : 12 }
    /// The dimensions shown, in the order shown: all of them when they fit, else the `shown`
    /// largest products |q·k| first, so that the terms that make the sum are the ones on screen.
    var columns: [Int] {
        let d = ex.products.count
        guard d > shown else { return Array(0..<d) }
        let order = (0..<d).sorted {
            abs(ex.products[$0]) > abs(ex.products[$1]) || (abs(ex.products[$0]) == abs(ex.products[$1]) && $0 < $1)
        }
        return Array(order.prefix(shown))
    }
    /// Whether the columns are a choice of the largest terms rather than every dimension.
    var choosesTerms: Bool { ex.products.count > shown }
    /// Cells leave two cells' room for the tail, five when the tail says what the rest add.
    var cellW: Float { min(m.base * 4, cellsW / Float(shown + (trace.dK > 16 ? 5 : 2))) }

    /// The title of row `row` and, where there is room for two lines, its details.
    mutating func label(_ row: Int, _ title: String, _ details: [String]) {
        let y = content.y + Float(row) * stepH
        out.append(
            .text(
                TextItem(
                    title, at: Point(content.x + m.pad, y + m.pad * 0.4), size: m.base, color: theme.accent,
                    maxWidth: labelW - m.pad, bold: true)))
        // The second line only where a step has room for two lines.
        guard stepH >= m.base * 2.9 else { return }
        out.append(
            .text(
                TextItem(
                    m.fitting(details, m.small, in: labelW - m.pad),
                    at: Point(content.x + m.pad, y + m.pad * 0.4 + m.base * 1.3), size: m.small,
                    color: theme.dimText, maxWidth: labelW - m.pad)))
    }

    /// A vector's values at `picks` (its first `shown` by default) as coloured cells with their numbers.
    mutating func vector(
        _ row: Int, _ values: [Float], scale: Float, suffix: String? = nil, picks: [Int]? = nil, tails: [String]? = nil
    ) {
        let y = content.y + Float(row) * stepH + m.pad * 0.4
        let h = min(stepH - m.pad, m.base * 2.2)
        let picks = picks ?? Array(0..<min(shown, values.count))
        for (c, i) in picks.enumerated() {
            let r = Rect(x: cellsX + Float(c) * cellW, y: y, width: cellW - 2, height: h)
            let t = 0.5 + 0.5 * values[i] / max(scale, 1e-6)
            out.append(.fillRect(r, Colormap.diverging.color(t)))
            let text = m.fitting(
                [
                    formatted(values[i], decimals: 3), formatted(values[i], decimals: 2),
                    formatted(values[i], decimals: 1), formatted(values[i], decimals: 0),
                ], m.small,
                in: cellW - 4)
            out.append(
                .text(
                    TextItem(
                        text, at: r.center, size: m.small,
                        color: Colormap.diverging.textColor(on: t), anchor: .center, maxWidth: cellW - 4)))
        }
        // What is not shown, said in as many words as fit (never a cut "… (32 i…").
        let room = content.maxX - cellsX - Float(shown) * cellW - 2 * m.pad
        var tails =
            tails ?? (values.count > shown ? ["… (\(values.count) in all)", "… of \(values.count)", "…"] : [""])
        if let s = suffix { tails = tails.map { $0 + ($0.isEmpty ? "" : "  ") + s } + tails }
        let tail = m.fitting(tails, m.base, in: room)
        if !tail.isEmpty {
            out.append(
                .text(
                    TextItem(
                        tail, at: Point(cellsX + Float(picks.count) * cellW + m.pad, y + h / 2),
                        size: m.base, color: theme.text, anchor: .centerLeft, maxWidth: room)))
        }
    }

    /// The keys shown: a window of at most 24 around the selected key.
    /// The keys shown, around the selected one: as many as fit with every number and token
    /// whole (never "0...." or "[C…"), at most 24.
    var keyWindow: (first: Int, count: Int) {
        let n = trace.tokenCount
        func first(_ w: Int) -> Int { max(0, min(ex.key - w / 2, n - w)) }
        var window = min(n, 24)
        while window > 1 {
            let keyW = cellsW / Float(window)
            let f = first(window)
            let fits = (f..<(f + window)).allSatisfy { j in
                m.width(formatted(ex.scoresRow[j], decimals: 2), m.small) <= keyW - 6
                    && m.width(formatted(ex.weights[j], decimals: 2), m.small) <= keyW - 4
                    && m.width(trace.tokens[j], m.small) <= keyW - 4
            }
            if fits { break }
            window -= 1
        }
        return (first(window), window)
    }

    /// Where the frame that walks between keys is now: from the previous key to the selected one.
    var walkedKey: Float {
        let walk = Easing.inOutCubic(
            Easing.progress(now: state.time, start: state.explain.keyChangedAt, duration: 0.25))
        let fromKey = Float(state.explain.previousKey)
        return fromKey + (Float(ex.key) - fromKey) * walk
    }

    /// Rows 4–6: the masked scores of query i over the keys, the softmax as bars, and the walk.
    mutating func drawKeyRows() {
        let tok = trace.tokens
        // Rows over the keys: scores with the mask, then the softmax as bars.
        let (first, window) = keyWindow
        let keyW = cellsW / Float(window)
        let highlightKey = walkedKey
        let n = trace.tokenCount
        let keys = "keys \(first + 1)–\(first + window) of \(n)"
        label(
            4, "row i, masked",
            window < n
                ? ["query \(ex.query + 1) against \(keys)", keys]
                : [
                    "scores of query \(ex.query + 1) against every key", "query \(ex.query + 1) against all keys",
                    "query \(ex.query + 1)'s scores",
                ])
        let y4 = drawScoreRow(first: first, window: window, keyW: keyW)
        label(5, "softmax → weights", ["key \(ex.key + 1): \(formatted(ex.weights[ex.key], decimals: 4))"])
        if stepH >= m.base * 2.9 {
            out.append(
                .text(
                    TextItem(
                        state.explain.comparesScaling ? "bars: scaled · outline: unscaled" : "Ctrl+E: compare unscaled",
                        at: Point(content.x + m.pad, content.y + 5 * stepH + m.pad * 0.4 + m.base * 2.6), size: m.small,
                        color: theme.dimText, maxWidth: labelW - m.pad)))
        }
        let y5 = content.y + 5 * stepH
        let barH = stepH * 1.6
        let barBase = y5 + barH
        let barMax = max(1, barH - m.small * 2.6)
        for j in first..<(first + window) {
            let x = cellsX + Float(j - first) * keyW
            let w = ex.weights[j]
            let bar = Rect(x: x + keyW * 0.15, y: barBase - w * barMax, width: keyW * 0.7, height: w * barMax)
            out.append(.fillRect(bar, state.colormap.color(max(0.25, w))))
            if state.explain.comparesScaling {
                let o = ex.otherWeights[j]
                out.append(
                    .strokeRect(
                        Rect(
                            x: x + keyW * 0.1, y: barBase - o * barMax, width: keyW * 0.8,
                            height: max(1, o * barMax)), theme.highlight, width: 2))
            }
            out.append(
                .text(
                    TextItem(
                        ex.maskedRow[j] ? "0" : formatted(w, decimals: 2), at: Point(x + keyW / 2, bar.y - 2),
                        size: m.small,
                        color: theme.text, anchor: .bottomCenter, maxWidth: keyW - 2)))
            out.append(
                .text(
                    TextItem(
                        tok[j], at: Point(x + keyW / 2, barBase + 2), size: m.small, color: theme.dimText,
                        anchor: .topCenter, maxWidth: keyW - 2)))
        }
        // The walk: a frame that slides to the selected key over both rows.
        let hx = cellsX + (highlightKey - Float(first)) * keyW
        out.append(
            .strokeRect(
                Rect(x: hx, y: y4 - 2, width: keyW, height: barBase - y4 + m.small * 1.5), theme.accent, width: 2))
    }

    /// Row 4: query i's scores over the shown keys, masked keys grey; returns the row's top.
    mutating func drawScoreRow(first: Int, window: Int, keyW: Float) -> Float {
        let smax = max(ex.scoresRow.map(abs).max() ?? 1, 1e-6)
        let y4 = content.y + 4 * stepH + m.pad * 0.4
        let h4 = min(stepH - m.pad, m.base * 2.2)
        for j in first..<(first + window) {
            let r = Rect(x: cellsX + Float(j - first) * keyW, y: y4, width: keyW - 2, height: h4)
            if ex.maskedRow[j] {
                out.append(.fillRect(r, theme.masked))
                out.append(
                    .text(
                        TextItem(
                            m.fitting(["masked", "—"], m.small, in: keyW - 4), at: r.center, size: m.small,
                            color: theme.text, anchor: .center,
                            maxWidth: keyW - 4)
                    ))
            } else {
                let t = 0.5 + 0.5 * ex.scoresRow[j] / smax
                out.append(.fillRect(r, Colormap.diverging.color(t)))
                out.append(
                    .text(
                        TextItem(
                            formatted(ex.scoresRow[j], decimals: 2), at: r.center, size: m.small,
                            color: Colormap.diverging.textColor(on: t), anchor: .center, maxWidth: keyW - 4)))
            }
        }
        return y4
    }

    /// Row 7: the output row of the query for this head.
    mutating func drawOutput() {
        label(
            7, "weights · V_h",
            ["output row of query \(ex.query + 1), head \(ex.head + 1)", "query \(ex.query + 1), head \(ex.head + 1)"])
        vector(7, ex.output, scale: max(ex.output.map(abs).max() ?? 1, 1e-6))
    }
}
