import AttentionCore
import Decoders

/// The looked-at view (issue 29 B.1, B.2): the text as tokens, the selected one outlined, and
/// under every token it could see a bar of the attention it gave it; for a decoder, the token
/// written from that row is marked, and written tokens say how they were drawn.
func drawLooks(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    let frame = state.displayed
    guard frame.n > 0, frame.pool == 1 else {
        let text =
            frame.n == 0
            ? state.waitingHint ?? "Type a sequence, then click a token to see what it looked at."
            : "the looked-at view reads up to \(DisplayFrame.maxSlots) tokens; this text has \(frame.tokenCount) (F2: the heatmaps' overview)"
        out.append(
            .text(
                TextItem(
                    text, at: content.center, size: m.title, color: theme.dimText, anchor: .center,
                    maxWidth: content.width)))
        return
    }
    let look = LookedAt(state)
    let layout = TokenFlowLayout(content: content, labels: look.labels, keepVisible: look.chosen, m)
    drawLooksHeader(&out, state, look, layout.header, m)
    for i in look.labels.indices where layout.chips[i].width > 0 {
        drawLookChip(&out, state, look, i, chip: layout.chips[i], bar: layout.bars[i], m)
    }
    drawLooksLegend(&out, state, look, layout, m)
}

/// What the looked-at view shows, worked out once for drawing, hit-testing and the tooltip.
struct LookedAt {
    /// The row of attention shown: the token that looks.
    var query: Int
    /// The token the row is about: `query` itself, or (a decoder) the one written from it.
    var chosen: Int
    /// Live tokens; a decoder's chips add one for the next token.
    var count: Int
    var labels: [String]
    var weights: [Float]
    var vmax: Float
    /// The five largest weights' keys: their values are written under their bars.
    var top: Set<Int>
    var written: [Bool]
    var ahead: Bool

    init(_ state: AppState) {
        let frame = state.displayed
        let n = frame.liveCount
        let q = max(0, min(state.selection.query, n - 1))
        count = n
        ahead = state.looksAhead
        query = q
        chosen = ahead ? q + 1 : q
        let head = state.lookHead.map { min($0, frame.heads.count - 1) }
        let source = head.map { frame.heads[$0] } ?? frame.summary
        let row = (0..<n).map { j in
            frame.isMasked(q, j) || source.count < frame.n * frame.n ? 0 : source[q * frame.n + j]
        }
        weights = row
        vmax = state.colorScale == .fixed ? 1 : max(1e-6, row.max() ?? 0)
        top = Set(row.indices.sorted { row[$0] > row[$1] }.prefix(5).filter { row[$0] >= 0.005 })
        written = (0..<n).map { state.draw(at: $0) != nil }
        var labels = (0..<n).map { TextWidths.distinct(frame.label($0)) }
        if ahead { labels.append((state.nextTokens?.first.map { TextWidths.distinct($0.text) } ?? "next") + " ?") }
        self.labels = labels
    }
}

func drawLookChip(
    _ out: inout [DrawCommand], _ state: AppState, _ look: LookedAt, _ i: Int, chip: Rect, bar: Rect,
    _ m: LayoutMetrics
) {
    let theme = state.theme
    let isNext = i >= look.count
    let frame = state.displayed
    let seen = !isNext && !frame.isMasked(look.query, i)
    if i == look.chosen && look.ahead {
        out.append(.fillRect(chip, theme.panel))
        out.append(.strokeRect(chip, isNext ? theme.written : theme.text, width: 2))
    }
    if i == look.query { out.append(.strokeRect(chip.inset(-1), theme.accent, width: 3)) }
    let written = !isNext && look.written[i]
    let color = (written || isNext ? theme.written : theme.text).withAlpha(seen || i == look.chosen || isNext ? 1 : 0.5)
    out.append(
        .text(
            TextItem(
                look.labels[i], at: Point(chip.center.x, chip.center.y), size: m.base, color: color, anchor: .center,
                maxWidth: chip.width, bold: i == look.query)))
    if written {
        let y = chip.maxY - m.pad * 0.35
        out.append(.line(from: Point(chip.x + 3, y), to: Point(chip.maxX - 3, y), theme.written, width: 2))
    }
    guard seen else { return }
    let w = look.weights[i]
    // Bars under a pixel are left out: a hairline under every token would read as an underline.
    let h = bar.height * min(1, w / look.vmax)
    if h >= 1 {
        out.append(.fillRect(Rect(x: bar.x + 2, y: bar.y, width: bar.width - 4, height: h), theme.accent))
    }
    if look.top.contains(i) {
        out.append(
            .text(
                TextItem(
                    formatted(w, decimals: 2), at: Point(bar.center.x, bar.y + h + m.pad * 0.2), size: m.small,
                    color: theme.text, anchor: .topCenter, maxWidth: bar.width)))
    }
}

/// What the bars are: whose row, which layer and head, and (a decoder) how the token was drawn.
func drawLooksHeader(
    _ out: inout [DrawCommand], _ state: AppState, _ look: LookedAt, _ r: Rect, _ m: LayoutMetrics
) {
    let theme = state.theme
    let lines = looksHeaderLines(state, look)
    for (k, line) in lines.enumerated() {
        let y = k == 0 ? r.y : r.y + m.base * 1.5 + m.small * 1.45 * Float(k - 1)
        out.append(
            .text(
                TextItem(
                    m.fitting(line, k == 0 ? m.base : m.small, bold: k == 0, in: r.width), at: Point(r.x, y),
                    size: k == 0 ? m.base : m.small, color: k == 0 ? theme.accent : k == 1 ? theme.dimText : theme.text,
                    maxWidth: r.width, bold: k == 0)))
    }
}

/// The header's three lines, each as choices from long to short.
func looksHeaderLines(_ state: AppState, _ look: LookedAt) -> [[String]] {
    let tokens = look.labels
    let from = "\(tokens[look.query]) (token \(look.query + 1))"
    var first: [String]
    var third: [String]
    if look.ahead {
        let what = look.chosen < look.count ? "\(tokens[look.chosen]) (token \(look.chosen + 1))" : "the next token"
        let verb = look.chosen < look.count && !look.written[look.chosen] ? "before the typed" : "to write"
        first = [
            "\(verb) \(what), the model looked from \(from) at:", "\(verb) \(what), it looked at:",
        ]
        if look.chosen < look.count, let d = state.draw(at: look.chosen) {
            let alternatives = zip(d.topTexts, d.top).map {
                "\(TextWidths.distinct($0)) \(formatPercent($1.probability))"
            }
            third = [
                "drawn with \(formatPercent(d.probability)), rank \(d.rank); the top 5 then: "
                    + alternatives.joined(separator: " · "),
                "drawn with \(formatPercent(d.probability)), rank \(d.rank)",
            ]
        } else if look.chosen < look.count {
            third = ["typed, not written by the model: hover a written token (blue) to see how it was drawn"]
        } else {
            let bars = (state.nextTokens ?? []).prefix(5)
            third = [
                "its guesses: "
                    + bars.map { "\(TextWidths.distinct($0.text)) \(formatPercent($0.modelProbability))" }
                    .joined(separator: " · ")
            ]
        }
    } else {
        first = ["\(from) looked at:"]
        // The formula is the title's, which follows scaling and temperature; this line wrote
        // "/√d_k" even with --unscaled.
        third = ["its row of the attention matrix: one weight for each key it can see"]
    }
    let heads = max(1, state.displayed.heads.count)
    let whose = state.lookHead.map { "head \($0 + 1) of \(heads)" } ?? "average of \(heads) heads"
    let layer = state.model.map { "layer \($0.layer + 1) · " } ?? ""
    let second = [
        "\(layer)\(whose) · bars: attention weights · ←→ token · Ctrl+H head · click a token",
        "\(layer)\(whose) · ←→ token · Ctrl+H head", "\(layer)\(whose)",
    ]
    return [first, second, third]
}

func drawLooksLegend(
    _ out: inout [DrawCommand], _ state: AppState, _ look: LookedAt, _ layout: TokenFlowLayout, _ m: LayoutMetrics
) {
    let theme = state.theme
    let r = layout.legend
    var x = r.x
    if layout.firstShown > 0 {
        let above = "↑ \(layout.firstShown) tokens above · "
        out.append(
            .text(TextItem(above, at: Point(x, r.center.y), size: m.small, color: theme.dimText, anchor: .centerLeft)))
        x += m.width(above, m.small)
    }
    if look.ahead {
        let w = "written by the model (underlined; hover: how it was drawn)"
        let fits = m.fitting([w, "written by the model"], m.small, in: (r.maxX - x) * 0.55)
        out.append(
            .text(TextItem(fits, at: Point(x, r.center.y), size: m.small, color: theme.written, anchor: .centerLeft)))
        x += m.width(fits, m.small) + m.pad
    }
    let rest = m.fitting(
        ["outlined: the token that looks · bar: the attention it gives each token", "outlined: the token that looks"],
        m.small, in: r.maxX - x)
    out.append(
        .text(
            TextItem(
                rest, at: Point(x, r.center.y), size: m.small, color: theme.dimText, anchor: .centerLeft,
                maxWidth: r.maxX - x)))
}

/// The chip under `p` in the looked-at view.
func hitTestLooks(_ state: AppState, _ p: Point) -> HoverTarget? {
    let frame = state.displayed
    guard frame.n > 0, frame.pool == 1 else { return nil }
    let m = LayoutMetrics(state)
    let look = LookedAt(state)
    let layout = TokenFlowLayout(
        content: ChromeLayout(state, metrics: m).content, labels: look.labels, keepVisible: look.chosen, m)
    return layout.chip(at: p).map { .lookToken($0) }
}

/// A hovered token: a written one's draw (its chance, rank and the top 5 at that step), a typed
/// one's weight from the token that looks.
func drawLooksTooltip(_ out: inout [DrawCommand], _ state: AppState, _ m: LayoutMetrics) {
    guard case .lookToken(let i)? = state.pointer.hover, let p = state.pointer.position else { return }
    let look = LookedAt(state)
    guard i < look.count else { return }
    let token = look.labels[i]
    var lines: [String]
    if let d = state.draw(at: i) {
        lines = ["\(token) was written: \(formatPercent(d.probability)), rank \(d.rank)", "the model's top 5 then:"]
        lines += zip(d.topTexts, d.top).map { "  \(TextWidths.distinct($0)) \(formatPercent($1.probability))" }
    } else {
        lines = [look.ahead ? "\(token): typed" : token]
    }
    if !state.displayed.isMasked(look.query, i) {
        lines.append("weight from \(look.labels[look.query]): \(formatted(look.weights[i], decimals: 3))")
    }
    drawTooltip(&out, state, at: p, lines: lines, m)
}
