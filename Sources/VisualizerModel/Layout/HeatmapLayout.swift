import AttentionCore

/// Where the heatmap tiles and the colorbar go, for a frame in a content rect.
public struct HeatmapLayout: Equatable, Sendable {
    public var tiles: [TileLayout]
    public var colorbar: Rect

    public init(content: Rect, frame: DisplayFrame, metrics m: LayoutMetrics) {
        let (bar, main) = content.splitRight(m.base * 7)
        colorbar = bar.inset(m.pad)
        let e = Easing.inOutCubic(frame.layoutProgress)
        let a = HeatmapLayout.arrange(main, heads: frame.layoutFromHeads, tokens: frame.n, metrics: m)
        let b = HeatmapLayout.arrange(main, heads: frame.layoutHeads, tokens: frame.n, metrics: m)
        var tiles: [TileLayout] = [b[0]]
        for h in 0..<frame.heads.count {
            let ta = h + 1 < a.count ? a[h + 1] : nil
            let tb = h + 1 < b.count ? b[h + 1] : nil
            switch (ta, tb) {
            case (let x?, let y?) where e < 1:
                var t = y
                t.rect = Rect.lerp(x.rect, y.rect, e)
                t.grid = Rect.lerp(x.grid, y.grid, e)
                t.titleRect = Rect.lerp(x.titleRect, y.titleRect, e)
                t.noteRect = Rect.lerp(x.noteRect, y.noteRect, e)
                tiles.append(t)
            case (_, let y?): tiles.append(y)
            case (let x?, nil): tiles.append(x)
            default:
                let fallback = HeatmapLayout.arrange(main, heads: h + 1, tokens: frame.n, metrics: m)
                tiles.append(fallback[h + 1])
            }
        }
        self.tiles = tiles
    }

    /// The summary tile on the left (a square as large as fits), head tiles in a grid on the right.
    static func arrange(_ main: Rect, heads: Int, tokens: Int, metrics m: LayoutMetrics) -> [TileLayout] {
        // Up to 40 tokens the summary grows (to 62 % of the width, head tiles shrinking) until
        // every token keeps a 14 px label: at 21 tokens it stayed 275 px and named every 2nd.
        // It grows only where that works: a short window keeps its layout.
        let share = min(main.width * 0.48, main.height + m.base * 6)
        let wanted = tokens <= 40 ? Float(tokens) * 14 * labelSpacing + m.base * 8 : 0
        let grown = min(max(share, min(wanted, main.width * 0.62)), main.height + m.base * 6)
        let trial = tile(main.splitLeft(grown).0.inset(m.pad), head: nil, labelSize: 14, labels: true, metrics: m)
        let summaryWidth = trial.grid.width / Float(max(1, tokens)) >= 14 * labelSpacing ? grown : share
        let (left, right) = main.splitLeft(summaryWidth)
        let summary = left.inset(m.pad)
        let size = summaryLabelSize(summary, tokens: tokens, metrics: m)
        var tiles = [tile(summary, head: nil, labelSize: size, labels: true, metrics: m)]
        let h = max(1, heads)
        let area = right.inset(m.pad)
        var best = (cols: 1, side: Float(0))
        for cols in 1...h {
            let rows = (h + cols - 1) / cols
            let side = min(area.width / Float(cols), area.height / Float(rows))
            if side > best.side { best = (cols, side) }
        }
        let rows = (h + best.cols - 1) / best.cols
        let gridW = best.side * Float(best.cols)
        let gridH = best.side * Float(rows)
        let x0 = area.x + (area.width - gridW) / 2
        let y0 = area.y + (area.height - gridH) / 2
        for k in 0..<h {
            let r = Rect(
                x: x0 + Float(k % best.cols) * best.side, y: y0 + Float(k / best.cols) * best.side,
                width: best.side, height: best.side)
            tiles.append(tile(r.inset(m.pad * 0.6), head: k, labelSize: m.small, labels: false, metrics: m))
        }
        return tiles
    }

    /// The summary's label size: the interface's small size, or smaller (never under 14 px, the
    /// smallest text anywhere) when that labels every token where the small size would label
    /// only every 2nd; a 12-head model at 1280×720 then still names all of 24 word pieces.
    static func summaryLabelSize(_ r: Rect, tokens: Int, metrics m: LayoutMetrics) -> Float {
        let n = Float(max(1, tokens))
        var size = m.small
        while size >= 14 {
            let t = tile(r, head: nil, labelSize: size, labels: true, metrics: m)
            if t.grid.width / n >= size * labelSpacing { return size }
            size -= 0.5
        }
        return m.small
    }

    /// A label needs this many times its size of row (or column) to stand clear of the next.
    static let labelSpacing: Float = 1.15

    /// Title on top; the summary gets a note line and label bands, a head tile a narrow band on
    /// the left for its vertical "queries" axis title.
    static func tile(
        _ r: Rect, head: Int?, labelSize: Float, labels: Bool, metrics m: LayoutMetrics, bandShare: Float = 0.26
    ) -> TileLayout {
        let (titleRect, rest) = r.splitTop((head == nil ? m.base : m.small) * 1.6)
        let (noteRect, body) =
            head == nil
            ? rest.splitTop(m.small * 1.5) : (Rect(x: rest.x, y: rest.y, width: rest.width, height: 0), rest)
        let labelBand: Float = labels ? min(labelSize * 6.5, body.width * bandShare) : 0
        let axisBand: Float = labels ? 0 : m.small * 1.3
        let avail = Rect(
            x: body.x + labelBand + axisBand, y: body.y + labelBand,
            width: body.width - labelBand - axisBand, height: body.height - labelBand)
        let side = max(0, min(avail.width, avail.height))
        let grid = Rect(x: avail.x, y: avail.y, width: side, height: side)
        return TileLayout(
            head: head, rect: r, grid: grid, titleRect: titleRect, noteRect: noteRect, showLabels: labels,
            labelSize: labelSize)
    }
}

/// Cumulative edges of rows/columns whose sizes animate; edges[i]..edges[i+1] is slot i.
public func slotEdges(_ sizes: [Float], start: Float, length: Float) -> [Float] {
    let total = sizes.reduce(0, +)
    var edges = [start]
    edges.reserveCapacity(sizes.count + 1)
    var acc: Float = 0
    for s in sizes {
        acc += s
        edges.append(total > 0 ? start + length * acc / total : start)
    }
    return edges
}

/// The slot containing `v`, by binary search over edges; nil outside or in a collapsed slot.
public func slotIndex(_ v: Float, edges: [Float]) -> Int? {
    guard edges.count >= 2, v >= edges[0], v < edges[edges.count - 1] else { return nil }
    var lo = 0
    var hi = edges.count - 1
    while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if edges[mid] <= v { lo = mid } else { hi = mid }
    }
    return edges[lo + 1] > edges[lo] ? lo : nil
}
