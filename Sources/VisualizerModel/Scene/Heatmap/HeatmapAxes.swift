import AttentionCore

/// Slot edges of a tile along both axes, with the zoom window applied; the same edges draw
/// the cells, place the labels and hit-test the pointer.
public struct HeatmapAxes: Equatable, Sendable {
    public var grid: Rect
    public var columns: [Float]
    public var rows: [Float]
    public var zoomed: Bool

    public init(frame: DisplayFrame, grid: Rect, zoom: ZoomWindow) {
        self.grid = grid
        zoomed = zoom.zoom > 1.0001 && frame.n > 0
        if zoomed {
            let span = zoom.span(frame.n)
            let cw = grid.width / span
            let ch = grid.height / span
            columns = (0...frame.n).map { grid.x + (Float($0) - zoom.originX) * cw }
            rows = (0...frame.n).map { grid.y + (Float($0) - zoom.originY) * ch }
        } else {
            columns = slotEdges(frame.sizes, start: grid.x, length: grid.width)
            rows = slotEdges(frame.sizes, start: grid.y, length: grid.height)
        }
    }

    /// Slots at least partly inside the grid, along one axis.
    static func visible(_ edges: [Float], _ lo: Float, _ hi: Float) -> Range<Int> {
        guard edges.count >= 2 else { return 0..<0 }
        var a = 0
        while a < edges.count - 1 && edges[a + 1] <= lo { a += 1 }
        var b = a
        while b < edges.count - 1 && edges[b] < hi { b += 1 }
        return a..<b
    }

    public var visibleRows: Range<Int> { HeatmapAxes.visible(rows, grid.y, grid.maxY) }
    public var visibleColumns: Range<Int> { HeatmapAxes.visible(columns, grid.x, grid.maxX) }

    /// The cell under a point inside the grid.
    public func cell(at p: Point) -> (row: Int, column: Int)? {
        guard grid.contains(p), let j = slotIndex(p.x, edges: columns), let i = slotIndex(p.y, edges: rows) else {
            return nil
        }
        return (i, j)
    }
}
