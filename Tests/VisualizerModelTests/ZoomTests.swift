import Testing

@testable import VisualizerModel

@Suite("Zoom, pan and text size")
struct ZoomTests {
    func settled(_ n: Int = 40) -> AppState {
        var s = AppState(input: (0..<n).map { "w\($0)" }.joined(separator: " "), viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    func grid(_ s: AppState) -> Rect {
        let m = LayoutMetrics(s)
        return HeatmapLayout(
            content: ChromeLayout(viewport: s.viewport, metrics: m).content, frame: s.displayed, metrics: m
        ).tiles[0].grid
    }

    @Test("the wheel zooms about the pointer: the cell under it stays under it")
    func wheelZoom() {
        var s = settled()
        let g = grid(s)
        let cell = g.width / 40
        let p = Point(g.x + 30.5 * cell, g.y + 10.5 * cell)
        _ = reduce(&s, .pointerMoved(x: p.x, y: p.y))
        #expect(s.pointer.hover == .cell(head: nil, query: 10, key: 30))
        for _ in 0..<4 { _ = reduce(&s, .wheel(dx: 0, dy: 1, [])) }
        #expect(abs(s.zoom.zoom - 2.4414) < 1e-3)
        #expect(s.pointer.hover == .cell(head: nil, query: 10, key: 30))
        // A cell far from the pointer is now off screen, and the grid shows fewer, bigger cells.
        let axes = HeatmapAxes(frame: s.displayed, grid: g, zoom: s.zoom)
        #expect(axes.visibleColumns.count < 20)
        #expect(!axes.visibleColumns.contains(0))
    }

    @Test("dragging pans a zoomed heatmap, and hit-testing follows the pan")
    func dragPan() {
        var s = settled()
        let g = grid(s)
        _ = reduce(&s, .keyPressed(.equals, [.control, .shift]))
        _ = reduce(&s, .keyPressed(.equals, [.control, .shift]))
        let zoomedCell = g.width / s.zoom.span(40)
        let axes = HeatmapAxes(frame: s.displayed, grid: g, zoom: s.zoom)
        let mid = axes.visibleColumns.lowerBound + axes.visibleColumns.count / 2
        let start = Point((axes.columns[mid] + axes.columns[mid + 1]) / 2, (axes.rows[mid] + axes.rows[mid + 1]) / 2)
        _ = reduce(&s, .pointerMoved(x: start.x, y: start.y))
        guard case .cell(_, let q0, let k0)? = s.pointer.hover else {
            Issue.record("no cell under the centre")
            return
        }
        _ = reduce(&s, .pointerPressed(.left, x: start.x, y: start.y, clicks: 1))
        _ = reduce(&s, .pointerMoved(x: start.x - 3 * zoomedCell, y: start.y - 2 * zoomedCell))
        _ = reduce(&s, .pointerReleased(.left, x: start.x - 3 * zoomedCell, y: start.y - 2 * zoomedCell))
        // The content moved with the pointer: the same cell is under it after the drag.
        #expect(s.pointer.hover == .cell(head: nil, query: q0, key: k0))
        _ = reduce(&s, .pointerMoved(x: start.x, y: start.y))
        #expect(s.pointer.hover == .cell(head: nil, query: q0 + 2, key: k0 + 3))
        _ = reduce(&s, .keyPressed(.home, []))
        #expect(s.zoom == ZoomWindow())
    }

    @Test("pan and zoom stay inside the matrix")
    func clamped() {
        var s = settled(10)
        for _ in 0..<40 { _ = reduce(&s, .wheel(dx: 0, dy: 1, [])) }
        #expect(s.zoom.zoom == ZoomWindow.maxZoom)
        _ = reduce(&s, .pointerPressed(.left, x: grid(s).center.x, y: grid(s).center.y, clicks: 1))
        _ = reduce(&s, .pointerMoved(x: -5000, y: -5000))
        #expect(s.zoom.originX <= 10 - s.zoom.span(10) + 1e-4 && s.zoom.originX >= 0)
        for _ in 0..<40 { _ = reduce(&s, .wheel(dx: 0, dy: -1, [])) }
        #expect(s.zoom.zoom == 1 && s.zoom.originX == 0 && s.zoom.originY == 0)
    }

    @Test("Ctrl+= and Ctrl+- scale every text, never below 14 px at 1280×720")
    func fontScale() {
        var s = settled(5)
        func minSize(_ s: AppState) -> Float {
            scene(s).compactMap { c -> Float? in
                if case .text(let t) = c { return t.size }
                return nil
            }.min() ?? 0
        }
        let base = LayoutMetrics(s).base
        _ = reduce(&s, .keyPressed(.equals, .control))
        _ = reduce(&s, .keyPressed(.equals, .control))
        #expect(abs(LayoutMetrics(s).base - base * 1.2) < 1e-4)
        for _ in 0..<10 { _ = reduce(&s, .keyPressed(.minus, .control)) }
        #expect(s.fontScale == 0.8)
        #expect(minSize(s) >= 14)
        _ = reduce(&s, .keyPressed(.zero, .control))
        #expect(s.fontScale == 1)
    }
}
