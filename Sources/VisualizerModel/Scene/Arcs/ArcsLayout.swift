import AttentionCore

/// Where the legend, the tokens and the arcs go.
public struct ArcsLayout: Equatable, Sendable {
    /// Swatch rects: index 0 is the average, then one per head.
    public var swatches: [Rect]
    public var hint: Rect
    /// The label box of each slot (the queries, in the two-column layout).
    public var tokens: [Rect]
    /// The keys' label boxes in the two-column layout (empty on one line).
    public var keys: [Rect]
    public var baseline: Float
    public var arcArea: Rect
    public var style: ArcLayout

    public init(content: Rect, frame: DisplayFrame, heads: Int, style: ArcLayout = .line, metrics m: LayoutMetrics) {
        let (legend, rest) = content.splitTop(m.base * 2)
        let (hint, body) = rest.splitTop(m.small * 1.8)
        self.hint = hint
        self.style = style
        var x = legend.x + m.pad
        var sw: [Rect] = []
        let itemW = min(m.base * 7, (legend.width - m.pad) / Float(max(1, heads + 1)))
        for _ in 0...heads {
            sw.append(Rect(x: x, y: legend.y + m.pad * 0.5, width: itemW - m.pad, height: legend.height - m.pad))
            x += itemW
        }
        swatches = sw
        switch style {
        case .line:
            let (tokenBand, area) = body.splitBottom(m.base * 2.6)
            baseline = tokenBand.y
            arcArea = area
            let inner = tokenBand.inset(m.pad * 0.5)
            let edges = slotEdges(frame.sizes, start: inner.x, length: inner.width)
            tokens = (0..<frame.n).map { i in
                Rect(
                    x: edges[i], y: tokenBand.y + m.pad * 0.4, width: edges[i + 1] - edges[i],
                    height: tokenBand.height - m.pad * 0.8)
            }
            keys = []
        case .columns:
            // Queries on the left, keys on the right, as wide as their longest label (to a limit).
            let (_, rows) = body.splitTop(m.small * 1.6)
            let widest = (0..<frame.n).map { m.width(frame.label($0), m.small) }.max() ?? 0
            let labelW = min(body.width * 0.22, max(m.small * 3, widest + m.pad))
            let center = min(body.width - 2 * labelW, m.base * 40)
            let left = Rect(x: body.center.x - center / 2 - labelW, y: rows.y, width: labelW, height: rows.height)
            let right = Rect(x: body.center.x + center / 2, y: rows.y, width: labelW, height: rows.height)
            let edges = slotEdges(frame.sizes, start: rows.y, length: rows.height - m.pad)
            tokens = (0..<frame.n).map {
                Rect(x: left.x, y: edges[$0], width: left.width, height: edges[$0 + 1] - edges[$0])
            }
            keys = (0..<frame.n).map {
                Rect(x: right.x, y: edges[$0], width: right.width, height: edges[$0 + 1] - edges[$0])
            }
            baseline = rows.maxY
            arcArea = Rect(x: left.maxX, y: rows.y, width: right.x - left.maxX, height: rows.height)
        }
    }
}
