import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The model view's grid: one row per layer; columns average, rollout, then each head.
public struct ModelViewLayout: Equatable, Sendable {
    public var columnHeaders: [(String, Rect)] { zip(headerTitles, headerRects).map { ($0, $1) } }
    public var headerTitles: [String]
    public var headerRects: [Rect]
    /// [shown layer][column]; column 0 is the average, 1 the rollout, 2 + h head h. Shown layer
    /// i is layer `firstLayer + i`: a deep model is shown a page of layers at a time.
    public var tiles: [[Rect]]
    public var firstLayer = 0
    public var totalLayers = 0
    /// Query heads per key/value head; each group stands apart, under one bracket.
    public var groupSize = 1
    /// Where the "layers a–b of n" line goes, when the view pages.
    public var pageLabel: Rect = .zero
    public var rowLabels: [Rect]
    public var legend: Rect
    public var side: Float
    /// Beside each tile, the room its badge is written in when the width allows (the badge then
    /// covers none of the tile's rows); `.zero` where it does not.
    public var badges: [[Rect]] = []

    public static func == (a: ModelViewLayout, b: ModelViewLayout) -> Bool {
        a.headerTitles == b.headerTitles && a.headerRects == b.headerRects && a.tiles == b.tiles && a.legend == b.legend
    }

    public init(
        content: Rect, layers total: Int, heads: Int, groupSize: Int = 1, selectedLayer: Int = 0,
        metrics m: LayoutMetrics
    ) {
        let (legendBand, grid) = content.splitBottom(m.small * 2.4)
        legend = legendBand
        let labelW = m.small * 5.2
        let headerH = m.small * 1.7 * (groupSize > 1 ? 2.1 : 1)
        let cols = heads + 2
        // The two summary columns stand a little apart from the heads, and groups of heads that
        // share a key/value head from each other.
        let gap = m.pad * 1.5
        let group = max(1, groupSize)
        let groupGap = group > 1 ? m.pad : 0
        let groups = (heads + group - 1) / group
        let availW = grid.width - labelW - gap - groupGap * Float(max(0, groups - 1))
        let availH = grid.height - headerH
        // Pages of layers when a tile would be too small for its badge (30 layers at 1280×720).
        let minSide = max(40, m.small * 2.4)
        let fit = max(1, Int(availH / minSide))
        let pages = total > fit && availW / Float(cols) >= minSide ? (total + fit - 1) / fit : 1
        let perPage = (total + pages - 1) / max(1, pages)
        let first = pages > 1 ? min(max(0, selectedLayer) / perPage * perPage, max(0, total - 1)) : 0
        let layers = pages > 1 ? min(perPage, total - first) : total
        firstLayer = first
        totalLayers = total
        self.groupSize = group
        let side = max(1, min(availW / Float(cols), availH / Float(max(1, pages > 1 ? perPage : layers))))
        self.side = side
        // Spare width widens each head's cell: its tile stays square, its badge goes beside it.
        let cell = min(availW / Float(cols), side * 2.1)
        let usedW = cell * Float(cols) + gap + groupGap * Float(max(0, groups - 1))
        let x0 = grid.x + labelW + max(0, (availW + gap + groupGap * Float(max(0, groups - 1)) - usedW) / 2)
        let y0 = grid.y + headerH
        pageLabel =
            pages > 1
            ? Rect(x: grid.x, y: y0 - m.small * 1.7, width: x0 - grid.x - m.pad, height: m.small * 1.7) : .zero
        func x(_ c: Int) -> Float {
            x0 + Float(c) * cell + (c >= 2 ? gap + groupGap * Float((c - 2) / group) : 0)
        }
        let inset = max(1, min(m.pad * 0.5, side * 0.06))
        tiles = (0..<layers).map { l in
            (0..<cols).map { c in Rect(x: x(c), y: y0 + Float(l) * side, width: side, height: side).inset(inset) }
        }
        let besideW = cell - side - inset
        badges = tiles.map { row in
            row.enumerated().map { c, r in
                c >= 2 && besideW >= m.small * 2
                    ? Rect(x: r.maxX + inset, y: r.y, width: besideW, height: r.height) : .zero
            }
        }
        rowLabels = (0..<layers).map { l in
            Rect(x: grid.x, y: y0 + Float(l) * side, width: x0 - grid.x - m.pad, height: side)
        }
        headerTitles = ["average", "rollout"] + (0..<heads).map { "h\($0 + 1)" }
        let titleH = m.small * 1.7
        headerRects = (0..<cols).map { c in Rect(x: x(c), y: y0 - titleH, width: side, height: titleH) }
    }

    /// The tile under a point.
    public func tile(at p: Point) -> (layer: Int, tile: ModelTile)? {
        for (l, row) in tiles.enumerated() {
            for (c, r) in row.enumerated() where r.contains(p) {
                return (firstLayer + l, c == 0 ? .average : (c == 1 ? .rollout : .head(c - 2)))
            }
        }
        return nil
    }
}

func modelLayout(_ state: AppState, _ content: Rect, _ m: LayoutMetrics) -> ModelViewLayout? {
    guard let info = state.model?.info else { return nil }
    return ModelViewLayout(
        content: modelAreas(state, content, m).grid, layers: info.layers, heads: info.heads, groupSize: info.groupSize,
        selectedLayer: state.model?.layer ?? 0, metrics: m)
}

/// Every layer × head of the trained model as small heatmaps, each head badged with its pattern.
func drawModelView(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    guard let session = state.model, let layout = modelLayout(state, content, m) else {
        out.append(
            .text(
                TextItem(
                    "No trained model: start with --model DIR (make run-model opens all-MiniLM-L6-v2).",
                    at: content.center, size: m.title, color: theme.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    guard let output = session.output, state.trace != nil else {
        let text = session.computing ? "running \(session.info.name)…" : "Type a sentence to see every layer and head."
        out.append(
            .text(
                TextItem(
                    text, at: content.center, size: m.title, color: theme.dimText, anchor: .center,
                    maxWidth: content.width
                )))
        return
    }
    let ov = output.overview
    let table = state.colormap.table
    // The previous answer's tiles fade out under the new ones.
    let fade = Easing.inOutCubic(Easing.progress(now: state.time, start: session.answeredAt, duration: Durations.morph))
    let old = fade < 1 ? session.previousOverview.flatMap { $0.heads.count == ov.heads.count ? $0 : nil } : nil
    func tilePixels(_ o: ModelOverview, _ l: Int, _ c: Int) -> (Int, [UInt32]) {
        let weights = c == 0 ? o.averages[l] : (c == 1 ? o.rollouts[l] : o.heads[l][c - 2])
        return (
            o.n,
            ModelTileKey.memo.pixels(ModelTileKey(weights: weights, table: table)) {
                weights.map { state.colormap.argb($0, table: table) | 0xff00_0000 }
            }
        )
    }
    let names = state.specialNames
    if let panel = modelAreas(state, content, m).scores { drawHeadScores(&out, state, panel, m) }
    let labelSize = max(14, min(m.small, layout.side * 0.3))
    drawColumnHeaders(&out, layout, labelSize: labelSize, theme, m)
    drawPaging(&out, layout, labelSize: labelSize, theme, m)
    for (i, row) in layout.tiles.enumerated() where layout.firstLayer + i < ov.heads.count {
        let l = layout.firstLayer + i
        let selectedLayer = l == session.layer
        out.append(
            .text(
                TextItem(
                    "layer \(l + 1)", at: Point(layout.rowLabels[i].maxX, layout.rowLabels[i].center.y),
                    size: labelSize,
                    color: selectedLayer ? theme.accent : theme.text, anchor: .centerRight,
                    maxWidth: layout.rowLabels[i].width,
                    bold: selectedLayer)))
        for (c, rect) in row.enumerated() {
            if let old, c - 2 < (old.heads.first?.count ?? 0) {
                let (n0, p0) = tilePixels(old, l, c)
                out.append(.heatmap(rect, columns: n0, rows: n0, pixels: p0))
            }
            let (n, pixels) = tilePixels(ov, l, c)
            out.append(.heatmap(rect, columns: n, rows: n, pixels: pixels, opacity: old == nil ? 1 : fade))
            let selected = selectedLayer && c >= 2 && c - 2 == state.selection.head
            out.append(.strokeRect(rect, selected ? theme.accent : theme.grid, width: selected ? 3 : 1))
            if c >= 2, session.knockout.contains(layer: l, head: c - 2) {
                // Knocked out: crossed through in the error colour, and said so beside it.
                out.append(.line(from: Point(rect.x, rect.y), to: Point(rect.maxX, rect.maxY), theme.error, width: 3))
                out.append(.line(from: Point(rect.maxX, rect.y), to: Point(rect.x, rect.maxY), theme.error, width: 3))
                drawBadge(&out, text: "out", in: rect, beside: layout.badges[i][c], color: theme.error, theme, m)
            } else if let score = inductionBadge(output, layer: l, head: c - 2), c >= 2 {
                // On a repeated sequence an induction head is named by its score, in the accent colour.
                drawBadge(&out, text: score, in: rect, beside: layout.badges[i][c], color: theme.accent, theme, m)
            } else if c >= 2, l < output.patterns.count, c - 2 < output.patterns[l].count {
                drawBadge(&out, output.patterns[l][c - 2], names, in: rect, beside: layout.badges[i][c], theme, m)
            }
        }
    }
    drawHoveredTile(&out, state, layout)
    drawPatternLegend(
        &out, layout.legend, theme, m, decoder: state.isDecoder, names: names,
        induction: (output.headScores?.repeatedRows ?? 0) >= 8)
}

/// The column titles over the tiles: average, rollout, then one per head.
func drawColumnHeaders(
    _ out: inout [DrawCommand], _ layout: ModelViewLayout, labelSize: Float, _ theme: Theme, _ m: LayoutMetrics
) {
    for (c, (title, r)) in layout.columnHeaders.enumerated() {
        // Measured: "average" and "rollout" shorten before they would run into each other.
        let shortTitle = title == "average" ? "avg" : (title == "rollout" ? "roll" : title)
        let text = m.fitting([title, shortTitle, String(title.prefix(1))], labelSize, in: r.width - 2)
        out.append(
            .text(
                TextItem(
                    text, at: Point(r.center.x, r.center.y), size: labelSize,
                    color: c < 2 ? theme.accent : theme.dimText,
                    anchor: .center, maxWidth: r.width)))
    }
}

/// The outline of the tile under the pointer.
func drawHoveredTile(_ out: inout [DrawCommand], _ state: AppState, _ layout: ModelViewLayout) {
    let theme = state.theme
    if case .modelTile(let layer, let tile)? = state.pointer.hover, layer >= layout.firstLayer,
        layer - layout.firstLayer < layout.tiles.count
    {
        let l = layer - layout.firstLayer
        let c: Int
        switch tile {
        case .average: c = 0
        case .rollout: c = 1
        case .head(let h): c = h + 2
        }
        if c < layout.tiles[l].count {
            out.append(.strokeRect(layout.tiles[l][c].inset(-2), theme.highlight, width: 2))
        }
    }
}

func drawPatternLegend(
    _ out: inout [DrawCommand], _ r: Rect, _ theme: Theme, _ m: LayoutMetrics, decoder: Bool = false,
    names n: HeadPattern.SpecialNames = .bert, induction: Bool = false
) {
    // Measured, and shortened by design where a line would not fit.
    let first = m.fitting(
        [
            "Each tile: queries down, keys across. Badge: where ≥ 50 % of a head's weight goes on this input.",
            "Tiles: queries down, keys across. Badge: where ≥ 50 % of a head's weight goes.",
            "Tiles: queries ↓ keys →. Badge: ≥ 50 % of the weight.",
        ], m.small * 0.9, in: r.width)
    let second = m.fitting(
        decoder && induction
            ? [
                "ind .69: induction score, the weight from a repeated token to what followed it before · prev · sink · kv: shared keys/values",
                "ind .69: induction score (weight to what followed the earlier copy) · prev · sink · kv",
                "ind: induction score · prev · sink · kv",
            ]
            : decoder
                ? [
                    "prev / next: neighbour token · self · sink: the first token · punct: punctuation · broad: spread out · kv: heads sharing keys and values",
                    "prev/next: neighbour · self · sink: first token · punct · broad · kv: shared keys/values",
                    "prev/next · self · sink · punct · broad",
                ]
                : [
                    "prev / next: neighbour token · self · \(n.start) · \(n.end): \(n.end) or last token · punct: punctuation · broad: spread out",
                    "prev/next: neighbour · self · \(n.start) · \(n.end) or last · punct · broad: spread out",
                    "prev/next · self · \(n.start) · \(n.end) · punct · broad",
                ], m.small * 0.9, in: r.width)
    out.append(
        .text(
            TextItem(
                first, at: Point(r.x, r.y + r.height * 0.28), size: m.small * 0.9, color: theme.dimText,
                anchor: .centerLeft, maxWidth: r.width)))
    out.append(
        .text(
            TextItem(
                second, at: Point(r.x, r.y + r.height * 0.74), size: m.small * 0.9, color: theme.dimText,
                anchor: .centerLeft, maxWidth: r.width)))
}

func hitTestModel(_ state: AppState, _ p: Point) -> HoverTarget? {
    guard state.model?.output != nil else { return nil }
    let m = LayoutMetrics(state)
    let chrome = ChromeLayout(state, metrics: m)
    if let panel = modelAreas(state, chrome.content, m).scores, panel.contains(p) {
        return hitTestHeadScores(state, panel, p, m)
    }
    guard let layout = modelLayout(state, chrome.content, m), let hit = layout.tile(at: p) else { return nil }
    return .modelTile(layer: hit.layer, tile: hit.tile)
}

/// One line for a hovered tile: what it is and what the head mostly does.
func drawModelTooltip(_ out: inout [DrawCommand], _ state: AppState, _ m: LayoutMetrics) {
    guard case .modelTile(let l, let tile)? = state.pointer.hover, let p = state.pointer.position,
        let output = state.model?.output
    else { return }
    let line1: String
    var line2 = "click: open in the heatmaps"
    switch tile {
    case .average: line1 = "layer \(l + 1): average of \(output.trace.heads) heads"
    case .rollout:
        line1 = l == 0 ? "rollout of layer 1: ½A + ½I" : "rollout through layers 1–\(l + 1): ∏(½A + ½I)"
        line2 = "what each position draws from each input token"
    case .head(let h):
        let pattern = l < output.patterns.count && h < output.patterns[l].count ? output.patterns[l][h] : .mixed
        let names = state.specialNames
        line1 = "layer \(l + 1) · head \(h + 1): \(pattern.meaning(names))"
    }
    drawTooltip(&out, state, at: p, lines: [line1, line2], m)
}
