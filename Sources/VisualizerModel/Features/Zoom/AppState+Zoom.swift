import AttentionCore

extension AppState {
    /// The summary tile's grid, where zoom and pan are measured.
    func summaryGrid() -> Rect {
        let m = LayoutMetrics(self)
        let layout = HeatmapLayout(
            content: heatmapArea(ChromeLayout(self, metrics: m).content, m).main, frame: displayed, metrics: m)
        return layout.tiles[0].grid
    }

    /// The grid under `p` (any tile), or the summary tile's.
    func gridUnder(_ p: Point?) -> Rect {
        let m = LayoutMetrics(self)
        let layout = HeatmapLayout(
            content: heatmapArea(ChromeLayout(self, metrics: m).content, m).main, frame: displayed, metrics: m)
        if let p, let t = layout.tiles.first(where: { $0.grid.contains(p) }) { return t.grid }
        return layout.tiles[0].grid
    }

    /// Zooms the heatmaps by `factor`, keeping the slot under `point` (or the centre) in place.
    mutating func zoomBy(_ factor: Float, around point: Point?) {
        let n = displayed.n
        guard n > 0 else { return }
        let grid = gridUnder(point)
        guard grid.width > 0 else { return }
        let p = point.flatMap { grid.contains($0) ? $0 : nil } ?? grid.center
        let fx = (p.x - grid.x) / grid.width
        let fy = (p.y - grid.y) / grid.height
        let ux = zoom.originX + fx * zoom.span(n)
        let uy = zoom.originY + fy * zoom.span(n)
        zoom.zoom = min(max(zoom.zoom * factor, 1), ZoomWindow.maxZoom)
        zoom.originX = ux - fx * zoom.span(n)
        zoom.originY = uy - fy * zoom.span(n)
        zoom.clamp(n)
        if let q = pointer.position { pointer.hover = hitTest(self, q) }
    }

    /// Pans a zoomed heatmap by a pointer drag of (dx, dy) pixels.
    mutating func pan(dx: Float, dy: Float) {
        let n = displayed.n
        let grid = summaryGrid()
        guard n > 0, grid.width > 0, zoom.zoom > 1 else { return }
        zoom.originX -= dx / grid.width * zoom.span(n)
        zoom.originY -= dy / grid.height * zoom.span(n)
        zoom.clamp(n)
    }
}

extension AppState {
    /// Ctrl+Shift+= / Ctrl+Shift+- zoom about the centre; Home shows the whole heatmap.
    mutating func perform(_ command: ZoomCommand) -> [Effect] {
        switch command {
        case .zoomIn, .zoomOut:
            zoomBy(command == .zoomIn ? 1.25 : 0.8, around: nil)
            flash(
                zoom.zoom > 1.0001
                    ? "zoom ×\(formatted(zoom.zoom, decimals: 2)) (Home shows everything)" : "zoom: the whole heatmap",
                error: false)
        case .reset:
            zoom = ZoomWindow()
            flash("zoom: the whole heatmap", error: false)
        }
        return []
    }
}
