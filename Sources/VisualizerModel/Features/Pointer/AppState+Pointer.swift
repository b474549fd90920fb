import AttentionCore

extension AppState {
    /// The pointer moved: a drag pans a zoomed heatmap, and the hover follows.
    mutating func pointerMoved(to p: Point) {
        guard p.x.isFinite, p.y.isFinite else { return }
        if let from = pointer.dragFrom {
            pan(dx: p.x - from.x, dy: p.y - from.y)
            pointer.dragFrom = p
        }
        pointer.position = p
        pointer.hover = hitTest(self, p)
    }

    /// A click selects what is under the pointer (Ctrl+click adds a query), starts a pan drag
    /// on a zoomed heatmap, or, on the input line while presenting, gives the keys to typing.
    mutating func pointerPressed(_ button: PointerButton, at p: Point, clicks: Int) -> [Effect] {
        guard p.x.isFinite, p.y.isFinite else { return [] }
        pointer.position = p
        if button == .left, view == .heatmaps, zoom.zoom > 1, summaryGrid().contains(p) || pointer.hover != nil {
            pointer.dragFrom = p
        }
        pointer.hover = hitTest(self, p)
        if button == .left, lecture.script != nil, lecture.presenting,
            ChromeLayout(self, metrics: LayoutMetrics(self)).input.contains(p)
        {
            lecture.presenting = false
            flash("typing into the input; Esc gives the keys back to the lecture", error: false)
            return []
        }
        guard button == .left, let target = pointer.hover else { return [] }
        return click(target, clicks: clicks)
    }

    /// A left click on `target`.
    mutating func click(_ target: HoverTarget, clicks: Int) -> [Effect] {
        switch target {
        case .cell(let head, let q, let k):
            let pool = displayed.pool
            if pointer.controlHeld {
                toggleQuery(q * pool)
            } else {
                selection = Selection(query: q * pool, key: k * pool, head: head ?? selection.head)
            }
        case .token(let i):
            if pointer.controlHeld {
                toggleQuery(i)
            } else {
                selection.query = i
                selection.queries = []
            }
        case .keyToken(let j):
            selection.key = j
        case .swatch(let head):
            arcs.click(swatch: head, double: clicks >= 2, heads: settings.heads)
        case .matrixCell(_, let row, _):
            if row < (trace?.tokenCount ?? 0) { selection.query = row }
        case .modelTile(let layer, let tile):
            return openModelTile(layer: layer, tile: tile)
        case .lensCell: break  // hovering says what there is to say
        case .lookToken(let i): look(at: i)
        case .scoreHeader(let order): model?.scoreOrder = order
        }
        return []
    }

    /// The wheel: Shift changes d_model, Ctrl (or any view but the heatmaps) the heads, and
    /// otherwise it zooms the heatmaps about the pointer.
    mutating func wheel(dy: Float, _ mods: Modifiers) -> [Effect] {
        guard dy.isFinite, dy != 0 else { return [] }
        if mods.contains(.shift) {
            return perform(.settings(dy > 0 ? .dModelUp : .dModelDown))
        }
        if mods.contains(.control) || view != .heatmaps {
            return perform(.settings(dy > 0 ? .headsUp : .headsDown))
        }
        zoomBy(dy > 0 ? 1.25 : 0.8, around: pointer.position)
        return []
    }
}
