import Testing

@testable import VisualizerModel

@Suite("Hit-testing")
struct HitTestTests {
    func settled(_ input: String = "the cat sat on the mat") -> AppState {
        var s = AppState(input: input, viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    func layout(_ s: AppState) -> HeatmapLayout {
        let m = LayoutMetrics(viewport: s.viewport, theme: s.theme)
        return HeatmapLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, metrics: m)
    }

    @Test("a pointer at a cell's centre hovers that cell, in the summary and in every head")
    func cellCentres() {
        var state = settled()
        let n = 6
        for tile in layout(state).tiles {
            let cell = tile.grid.width / Float(n)
            for (i, j) in [(0, 0), (2, 5), (5, 1), (3, 3)] {
                let p = Point(tile.grid.x + (Float(j) + 0.5) * cell, tile.grid.y + (Float(i) + 0.5) * cell)
                _ = reduce(&state, .pointerMoved(x: p.x, y: p.y))
                #expect(
                    state.pointer.hover == .cell(head: tile.head, query: i, key: j),
                    "tile \(String(describing: tile.head)) cell \(i),\(j)")
            }
        }
    }

    @Test("outside the grids nothing is hovered; leaving the window clears it")
    func outside() {
        var state = settled()
        _ = reduce(&state, .pointerMoved(x: 2, y: 2))
        #expect(state.pointer.hover == nil)
        let g = layout(state).tiles[0].grid
        _ = reduce(&state, .pointerMoved(x: g.center.x, y: g.center.y))
        #expect(state.pointer.hover != nil)
        _ = reduce(&state, .pointerLeft)
        #expect(state.pointer.hover == nil)
    }

    @Test("clicking a cell selects its query, key and head for the explanation")
    func clickSelects() {
        var state = settled()
        let tile = layout(state).tiles[2]  // head 2 (index 1)
        let cell = tile.grid.width / 6
        _ = reduce(&state, .pointerPressed(.left, x: tile.grid.x + 4.5 * cell, y: tile.grid.y + 1.5 * cell, clicks: 1))
        #expect(state.selection == AppState.Selection(query: 1, key: 4, head: 1))
    }

    @Test("the hover tooltip shows query, key, head and the exact weight")
    func tooltip() throws {
        var state = settled()
        let tile = layout(state).tiles[1]
        let cell = tile.grid.width / 6
        _ = reduce(&state, .pointerMoved(x: tile.grid.x + 2.5 * cell, y: tile.grid.y + 0.5 * cell))
        let w = try #require(state.trace).heads[0].weights[0, 2]
        let texts = scene(state).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains("query 1 “the” → key 3 “sat”"))
        #expect(texts.contains { $0.hasPrefix("head 1: weight \(formatted(w, decimals: 4))") })
    }
}
