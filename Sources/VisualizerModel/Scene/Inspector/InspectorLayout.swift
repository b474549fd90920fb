import AttentionCore

/// Panel rects (title, caption, cell grid, colorbar) on the data-flow grid over the content.
public struct InspectorLayout: Equatable, Sendable {
    public struct Slot: Equatable, Sendable {
        public var title: Rect
        /// The dim line under the title: shape and range.
        public var caption: Rect
        public var grid: Rect
        public var bar: Rect
        /// Where the colorbar's tick labels end: arrows leave from here.
        public var right: Float
        /// Rows and columns actually drawn (large matrices are sampled).
        public var rows: Int
        public var cols: Int
        public var rowStep: Int
        public var colStep: Int
    }
    public var slots: [Slot]
    /// The room left of each slot's grid where arrows arrive.
    public var gap: Float
    public static let maxCells = 128

    public init(content: Rect, panels: [MatrixPanel], metrics m: LayoutMetrics) {
        let columns = (panels.map(\.column).max() ?? 0) + 1
        let rows = (panels.map(\.row).max() ?? 0) + 1
        let gap = m.pad * 3.2
        let cw = content.width / Float(columns)
        let ch = content.height / Float(rows)
        // Room for the widest tick label beside any colorbar.
        let tickW =
            panels.map { p -> Float in
                let (lo, hi) = p.matrix.range
                let amax = max(abs(lo), abs(hi), 1e-6)
                return m.width(formatted(-amax, decimals: 2), m.small)
            }.max() ?? 0
        self.gap = gap
        slots = panels.map { panel in
            let cell = Rect(
                x: content.x + Float(panel.column) * cw + gap, y: content.y + Float(panel.row) * ch,
                width: cw - gap - m.pad * 0.4, height: ch - m.pad * 0.8)
            let (title, rest) = cell.splitTop(m.small * 1.45)
            let (caption, body) = rest.splitTop(m.small * 1.35)
            let barRoom = m.small * 0.55 + m.pad * 1.2 + tickW
            let area = Rect(
                x: body.x, y: body.y + m.pad * 0.3, width: max(0, body.width - barRoom),
                height: max(0, body.height - m.pad * 0.3))
            let rs = max(1, (panel.matrix.rows + InspectorLayout.maxCells - 1) / InspectorLayout.maxCells)
            let cs = max(1, (panel.matrix.cols + InspectorLayout.maxCells - 1) / InspectorLayout.maxCells)
            let r = (panel.matrix.rows + rs - 1) / rs
            let c = (panel.matrix.cols + cs - 1) / cs
            let side = max(0, min(area.width / Float(max(1, c)), area.height / Float(max(1, r))))
            // A wide strip (5 tokens × 64 columns) gets rows tall enough to tell apart, up to
            // the text size; square cells elsewhere.
            let rowH = c > 2 * r ? max(side, min(area.height / Float(max(1, r)), m.small)) : side
            let grid = Rect(x: area.x, y: area.y, width: side * Float(c), height: rowH * Float(r))
            // The colorbar sits right beside its matrix, whatever the matrix's width.
            let bar = Rect(
                x: grid.maxX + m.pad * 0.6, y: area.y, width: m.small * 0.55,
                height: max(0, min(area.height, grid.height)))
            return Slot(
                title: title, caption: caption, grid: grid, bar: bar, right: bar.maxX + m.pad * 0.9 + tickW,
                rows: r, cols: c, rowStep: rs, colStep: cs)
        }
    }
}
