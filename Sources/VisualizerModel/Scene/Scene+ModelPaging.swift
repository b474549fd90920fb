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
                    "\(layout.firstLayer + 1)–\(last) of \(layout.totalLayers)",
                    at: Point(layout.pageLabel.maxX, layout.pageLabel.center.y), size: labelSize * 0.9,
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
                    "kv \(start / g + 1)", at: Point((a.x + b.maxX) / 2, y - 1), size: labelSize * 0.8,
                    color: theme.dimText, anchor: .bottomCenter, maxWidth: b.maxX - a.x)))
    }
}
