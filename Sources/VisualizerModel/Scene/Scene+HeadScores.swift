import AttentionCore
import Decoders

/// How the model view's list of head scores is ordered: the column clicked last.
public enum HeadScoreOrder: String, Equatable, Sendable {
    case induction, previous
}

/// The model view's areas: the grid of tiles and, on a text whose tokens repeat, the list of
/// heads by induction (or previous-token) score beside it (issue 29 B.4).
func modelAreas(_ state: AppState, _ content: Rect, _ m: LayoutMetrics) -> (grid: Rect, scores: Rect?) {
    // As the badges: a text with a few repeated tokens gives scores that are noise.
    guard let scores = state.model?.output?.headScores, scores.repeatedRows >= HeadScores.meaningfulRows,
        content.width > m.base * 50
    else {
        return (content, nil)
    }
    let (panel, grid) = content.splitRight(HeadScoresLayout.width(m))
    return (grid, panel)
}

/// The list's rows: (layer, head, induction, previous), in the chosen order, ties by layer and
/// head as `HeadScores.topInduction` breaks them.
func sortedHeadScores(_ s: HeadScores, by order: HeadScoreOrder) -> [(layer: Int, head: Int, ind: Double, prev: Double)]
{
    var rows: [(layer: Int, head: Int, ind: Double, prev: Double)] = []
    for (l, row) in s.induction.enumerated() {
        for (h, v) in row.enumerated() { rows.append((l, h, v, s.previousToken[l][h])) }
    }
    return rows.sorted { a, b in
        let (x, y) = order == .induction ? (a.ind, b.ind) : (a.prev, b.prev)
        return x != y ? x > y : (a.layer, a.head) < (b.layer, b.head)
    }
}

/// Where the list's header cells and rows are, for drawing and hit-testing.
struct HeadScoresLayout {
    var title: Rect
    var headers: [(HeadScoreOrder, Rect)]
    var rows: [Rect]
    var columns: (name: Float, ind: Float, prev: Float)

    /// Each column as wide as its widest text ("30.9", ".69", the bold header), measured.
    static func columnWidths(_ m: LayoutMetrics) -> (name: Float, ind: Float, prev: Float) {
        let gap = m.pad * 0.8
        return (
            m.width("30.9", m.small) + gap,
            max(m.width(".69", m.small, bold: true), m.width("ind", m.small, bold: true)) + gap,
            max(m.width(".69", m.small, bold: true), m.width("prev", m.small, bold: true)) + 2
        )
    }

    /// The panel's width: its columns, its padding, and room for the title.
    static func width(_ m: LayoutMetrics) -> Float {
        let c = columnWidths(m)
        return max(c.name + c.ind + c.prev, m.width("heads", m.base, bold: true)) + 2 * m.pad
    }

    init(_ r: Rect, rowCount: Int, _ m: LayoutMetrics) {
        let inner = r.inset(m.pad)
        title = Rect(x: inner.x, y: inner.y, width: inner.width, height: m.base * 1.5)
        let headerY = title.maxY + m.pad * 0.5
        let h = m.small * 1.6
        let (name, ind, _) = HeadScoresLayout.columnWidths(m)
        columns = (inner.x, inner.x + name, inner.x + name + ind)
        headers = [
            (.induction, Rect(x: columns.ind, y: headerY, width: columns.prev - columns.ind, height: h)),
            (.previous, Rect(x: columns.prev, y: headerY, width: inner.maxX - columns.prev, height: h)),
        ]
        let top = headerY + h + m.pad * 0.3
        let fit = max(0, Int((inner.maxY - top) / h))
        rows = (0..<min(rowCount, fit)).map { Rect(x: inner.x, y: top + Float($0) * h, width: inner.width, height: h) }
    }
}

func drawHeadScores(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) {
    guard let scores = state.model?.output?.headScores else { return }
    let theme = state.theme
    let order = state.model?.scoreOrder ?? .induction
    let rows = sortedHeadScores(scores, by: order)
    let layout = HeadScoresLayout(r, rowCount: rows.count, m)
    out.append(.fillRect(r.inset(m.pad * 0.5), theme.panel))
    out.append(
        .text(
            TextItem(
                m.fitting(["heads by score", "heads"], m.base, bold: true, in: layout.title.width),
                at: Point(layout.title.x, layout.title.center.y), size: m.base, color: theme.accent,
                anchor: .centerLeft,
                maxWidth: layout.title.width, bold: true)))
    for (o, cell) in layout.headers {
        // The column the list is sorted by: bold, underlined; a click on the other sorts by it.
        let name = o == .induction ? "ind" : "prev"
        out.append(
            .text(
                TextItem(
                    name, at: Point(cell.x, cell.center.y), size: m.small,
                    color: o == order ? theme.accent : theme.dimText, anchor: .centerLeft, maxWidth: cell.width,
                    bold: o == order)))
        if o == order {
            let w = m.width(name, m.small, bold: true)
            out.append(
                .line(from: Point(cell.x, cell.maxY - 2), to: Point(cell.x + w, cell.maxY - 2), theme.accent, width: 2))
        }
    }
    for (k, rect) in layout.rows.enumerated() {
        let row = rows[k]
        let selected = state.model?.layer == row.layer && state.selection.head == row.head
        if selected { out.append(.fillRect(rect, theme.grid)) }
        let cells: [(String, Float, Bool)] = [
            ("\(row.layer + 1).\(row.head + 1)", layout.columns.name, false),
            (shortScore(row.ind), layout.columns.ind, order == .induction),
            (shortScore(row.prev), layout.columns.prev, order == .previous),
        ]
        for (text, x, bold) in cells {
            out.append(
                .text(
                    TextItem(
                        text, at: Point(x, rect.center.y), size: m.small, color: theme.text, anchor: .centerLeft,
                        bold: bold)))
        }
    }
}

/// A header (sorts by its column) or a row (opens that head) of the list, under `p`.
func hitTestHeadScores(_ state: AppState, _ r: Rect, _ p: Point, _ m: LayoutMetrics) -> HoverTarget? {
    guard let scores = state.model?.output?.headScores, r.contains(p) else { return nil }
    let order = state.model?.scoreOrder ?? .induction
    let rows = sortedHeadScores(scores, by: order)
    let layout = HeadScoresLayout(r, rowCount: rows.count, m)
    if let o = layout.headers.first(where: { $0.1.contains(p) })?.0 { return .scoreHeader(o) }
    if let k = layout.rows.firstIndex(where: { $0.contains(p) }) {
        return .modelTile(layer: rows[k].layer, tile: .head(rows[k].head))
    }
    return nil
}
