import Decoders
import Encoders

/// "layers 11–20 of 30" over the row labels, and a bracket over each group of query heads that
/// share a key/value head ("kv 1"), when the model has them.
func drawPaging(
    _ out: inout [DrawCommand], _ layout: ModelViewLayout, labelSize: Float, _ theme: Theme, _ m: LayoutMetrics
) {
    if layout.pageLabel.width > 0 {
        let last = layout.firstLayer + layout.tiles.count
        out.append(
            .text(
                TextItem(
                    // Whole, or without "of 30" where the column is narrow (it was cut to "17–24 of …").
                    m.fitting(
                        [
                            "\(layout.firstLayer + 1)–\(last) of \(layout.totalLayers)",
                            "\(layout.firstLayer + 1)–\(last)",
                        ], labelSize, in: layout.pageLabel.width),
                    at: Point(layout.pageLabel.maxX, layout.pageLabel.center.y), size: labelSize,
                    color: theme.accent, anchor: .centerRight, maxWidth: layout.pageLabel.width)))
    }
    let g = layout.groupSize
    let heads = layout.headerRects.count - 2
    guard g > 1, heads > 0 else { return }
    for start in stride(from: 0, to: heads, by: g) {
        let a = layout.headerRects[2 + start]
        let b = layout.headerRects[2 + min(heads, start + g) - 1]
        let y = a.y - labelSize * 0.35
        out.append(.line(from: Point(a.x + 2, y), to: Point(b.maxX - 2, y), theme.dimText, width: 1))
        out.append(.line(from: Point(a.x + 2, y), to: Point(a.x + 2, y + labelSize * 0.3), theme.dimText, width: 1))
        out.append(
            .line(from: Point(b.maxX - 2, y), to: Point(b.maxX - 2, y + labelSize * 0.3), theme.dimText, width: 1))
        out.append(
            .text(
                TextItem(
                    "kv \(start / g + 1)", at: Point((a.x + b.maxX) / 2, y - 1), size: labelSize,
                    color: theme.dimText, anchor: .bottomCenter, maxWidth: b.maxX - a.x)))
    }
}

/// The pattern's short name beside the tile, where the layout left room, at 14 px or more; else on a
/// dark chip in the tile's lower-left corner (readable on any colour).
func drawBadge(
    _ out: inout [DrawCommand], _ p: HeadPattern, _ names: HeadPattern.SpecialNames, in r: Rect, beside: Rect = .zero,
    _ theme: Theme, _ m: LayoutMetrics
) {
    drawBadge(&out, text: p.badge(names), in: r, beside: beside, color: theme.text, theme, m)
}

/// `badge` beside the tile where the layout left room (else on a chip in its corner).
func drawBadge(
    _ out: inout [DrawCommand], text badge: String, in r: Rect, beside: Rect, color: RGBA, _ theme: Theme,
    _ m: LayoutMetrics
) {
    guard !badge.isEmpty, r.width >= 28 else { return }
    let size = max(14, min(m.small, r.height * 0.3))
    if beside.width >= m.width(badge, size) + 2 {
        out.append(
            .text(
                TextItem(
                    badge, at: Point(beside.x + 1, beside.center.y), size: size, color: color,
                    anchor: .centerLeft, maxWidth: beside.width)))
        return
    }
    // "ind .69" on two lines where one is too wide for the room beside the tile.
    let words = badge.split(separator: " ").map(String.init)
    if words.count == 2, beside.height >= size * 2.3, words.allSatisfy({ beside.width >= m.width($0, size) + 2 }) {
        for (k, word) in words.enumerated() {
            out.append(
                .text(
                    TextItem(
                        word, at: Point(beside.x + 1, beside.center.y + (Float(k) - 0.5) * size * 1.1), size: size,
                        color: color, anchor: .centerLeft, maxWidth: beside.width)))
        }
        return
    }
    let w = min(r.width - 2, m.width(badge, size) + size * 0.6)
    let chip = Rect(x: r.x + 1, y: r.maxY - size * 1.35 - 1, width: w, height: size * 1.35)
    out.append(.fillRect(chip, RGBA(0, 0, 0, 190)))
    out.append(
        .text(
            TextItem(
                badge, at: chip.center, size: size, color: RGBA(255, 255, 255, 255), anchor: .center,
                maxWidth: chip.width)))
}

/// "ind .62" for a head whose induction score on a repeated input (8 or more repeated tokens) is
/// 0.3 or more; nil otherwise.
func inductionBadge(_ output: ModelOutput, layer l: Int, head h: Int) -> String? {
    guard let s = output.headScores, s.repeatedRows >= HeadScores.meaningfulRows, h >= 0, l < s.induction.count,
        h < s.induction[l].count,
        s.induction[l][h] >= 0.3
    else { return nil }
    return "ind " + shortScore(s.induction[l][h])
}

/// 0.694 → ".69", 0.999 → "1.0": a score in the room of a badge.
func shortScore(_ v: Double) -> String {
    v >= 0.995 ? "1.0" : "." + String(Int((max(0, v) * 100).rounded())).leftPadded(to: 2)
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
