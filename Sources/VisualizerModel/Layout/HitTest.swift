/// What is under a point, from the same layout that draws the frame.
public func hitTest(_ state: AppState, _ p: Point) -> HoverTarget? {
    guard !state.showHelp, state.viewport.width >= minimumViewport.width,
        state.viewport.height >= minimumViewport.height
    else { return nil }
    switch state.view {
    case .heatmaps: return hitTestHeatmaps(state, p)
    case .arcs: return hitTestArcs(state, p)
    case .inspector: return hitTestInspector(state, p)
    case .explain: return nil
    case .model: return hitTestModel(state, p)
    case .lens: return hitTestLens(state, p)
    case .tokens: return hitTestLooks(state, p)
    }
}

func hitTestHeatmaps(_ state: AppState, _ p: Point) -> HoverTarget? {
    let frame = state.displayed
    // The comparison draws its own tiles: a hover would name cells of tiles not on screen.
    guard frame.n > 0, state.compare.frozen == nil else { return nil }
    let m = LayoutMetrics(state)
    let chrome = ChromeLayout(state, metrics: m)
    let layout = HeatmapLayout(content: state.heatmapArea(chrome.content, m).main, frame: frame, metrics: m)
    for tile in layout.tiles where tile.grid.contains(p) {
        if let h = tile.head, h >= frame.layoutHeads || frame.headAlpha[h] < 0.5 { continue }
        let axes = HeatmapAxes(frame: frame, grid: tile.grid, zoom: state.zoom)
        guard let (i, j) = axes.cell(at: p) else { return nil }
        guard i < frame.liveCount, j < frame.liveCount else { return nil }
        return .cell(head: tile.head, query: i, key: j)
    }
    return nil
}
