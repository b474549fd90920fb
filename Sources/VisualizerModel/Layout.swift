import AttentionCore

/// Text sizes that scale with the window: at least 14 px at 1280×720, larger on big screens.
public struct Metrics: Equatable, Sendable {
    public var base: Float
    public var small: Float
    public var title: Float
    public var pad: Float
    /// How wide text is in the font the backend draws with.
    public var text: TextWidths

    public init(viewport: Size, theme: Theme, fontScale: Float = 1, text: TextWidths = .estimate) {
        self.text = text
        let k = min(viewport.width / 1280, viewport.height / 720)
        // Never below 14 px: a smaller font scale only calms text on large windows.
        base = max(14, min(max(16 * k, 14), 40) * theme.textScale * fontScale)
        small = max(14, base * 0.875)
        title = base * 1.35
        pad = max(4, base * 0.5)
    }

    /// The width of `s` at `size`.
    public func width(_ s: String, _ size: Float, bold: Bool = false) -> Float {
        text.width(s, size: size, bold: bold)
    }

    /// The first of `choices` that fits in `maxWidth` at `size` (the last when none does).
    public func fitting(_ choices: [String], _ size: Float, bold: Bool = false, in maxWidth: Float) -> String {
        text.first(fitting: choices, size: size, bold: bold, in: maxWidth)
    }
}

extension Metrics {
    /// The metrics of a state: its window, theme and font scale.
    public init(_ state: AppState) {
        self.init(viewport: state.viewport, theme: state.theme, fontScale: state.fontScale, text: state.textWidths)
    }
}

/// The frame around every view: title, input line, content, status line.
public struct ChromeLayout: Equatable, Sendable {
    public var title: Rect
    public var input: Rect
    public var content: Rect
    public var status: Rect

    public init(viewport: Size, metrics m: Metrics) {
        let all = Rect(x: 0, y: 0, width: viewport.width, height: viewport.height)
        let (title, rest) = all.splitTop(m.title * 2.1)
        let (input, rest2) = rest.splitTop(m.base * 2.2)
        let (status, content) = rest2.splitBottom(m.small * 1.9)
        self.title = title
        self.input = input
        self.content = content.inset(m.pad)
        self.status = status
    }
}

extension ChromeLayout {
    /// The frame of a state: a lecture's caption, when there is one, takes the bottom of the
    /// content, so the views lay out above it instead of under it.
    public init(_ state: AppState, metrics m: Metrics) {
        self.init(viewport: state.viewport, metrics: m)
        let lines = captionLines(state, content: content, m)
        if !lines.isEmpty {
            let h = m.title * (1.35 * Float(lines.count) + 0.5) + m.pad
            content.height = max(0, content.height - h)
        }
    }
}

/// The caption's lines (at most two) as they fit the content's width, beside the cue counter.
func captionLines(_ state: AppState, content: Rect, _ m: Metrics) -> [String] {
    guard state.cues != nil, let caption = state.caption, !caption.isEmpty else { return [] }
    return Array(
        m.text.wrap(caption, size: m.title, bold: true, in: content.width - cueCounterWidth(state, m) - 4 * m.pad)
            .prefix(2))
}

func cueCounterText(_ state: AppState) -> String {
    guard let script = state.cues else { return "" }
    return state.cueIndex < 0
        ? "cues: PageDown starts (\(script.cues.count))" : "\(state.cueIndex + 1) / \(script.cues.count)"
}

func cueCounterWidth(_ state: AppState, _ m: Metrics) -> Float {
    m.width(cueCounterText(state), m.small) + 2 * m.pad
}

/// One heatmap tile: the summary (head nil) or one head.
public struct TileLayout: Equatable, Sendable {
    public var head: Int?
    public var rect: Rect
    /// The square area of the cells.
    public var grid: Rect
    public var titleRect: Rect
    /// The summary's line under its title for notes (overview, zoom, thinned labels); empty for heads.
    public var noteRect: Rect
    public var showLabels: Bool
    public var labelSize: Float
}

/// Where the heatmap tiles and the colorbar go, for a frame in a content rect.
public struct HeatmapLayout: Equatable, Sendable {
    public var tiles: [TileLayout]
    public var colorbar: Rect

    public init(content: Rect, frame: DisplayFrame, metrics m: Metrics) {
        let (bar, main) = content.splitRight(m.base * 7)
        colorbar = bar.inset(m.pad)
        let e = Easing.inOutCubic(frame.layoutT)
        let a = HeatmapLayout.arrange(main, heads: frame.layoutFromHeads, metrics: m)
        let b = HeatmapLayout.arrange(main, heads: frame.layoutHeads, metrics: m)
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
                let fallback = HeatmapLayout.arrange(main, heads: h + 1, metrics: m)
                tiles.append(fallback[h + 1])
            }
        }
        self.tiles = tiles
    }

    /// The summary tile on the left (a square as large as fits), head tiles in a grid on the right.
    static func arrange(_ main: Rect, heads: Int, metrics m: Metrics) -> [TileLayout] {
        let summaryWidth = min(main.height + m.base * 6, main.width * 0.48)
        let (left, right) = main.splitLeft(summaryWidth)
        var tiles = [tile(left.inset(m.pad), head: nil, labelSize: m.small, labels: true, metrics: m)]
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

    /// Title on top; the summary gets a note line and label bands, a head tile a narrow band on
    /// the left for its vertical "queries" axis title.
    static func tile(_ r: Rect, head: Int?, labelSize: Float, labels: Bool, metrics m: Metrics) -> TileLayout {
        let (titleRect, rest) = r.splitTop((head == nil ? m.base : m.small) * 1.6)
        let (noteRect, body) =
            head == nil
            ? rest.splitTop(m.small * 1.5) : (Rect(x: rest.x, y: rest.y, width: rest.width, height: 0), rest)
        let labelBand: Float = labels ? min(labelSize * 6.5, body.width * 0.26) : 0
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
