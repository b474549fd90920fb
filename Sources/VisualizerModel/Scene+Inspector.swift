import AttentionCore

/// What a matrix panel shows and how it is coloured.
public enum MatrixKind: Equatable, Sendable {
    /// Signed values: diverging map, symmetric scale ±max|v|.
    case signed
    /// Attention weights in [0, 1]: the sequential map.
    case weights
    /// 1 where a key is masked.
    case mask
}

/// One matrix of the inspector: a name, its values, and how to label rows and columns.
public struct MatrixPanel: Equatable, Sendable {
    public var name: String
    public var matrix: Matrix
    public var kind: MatrixKind
    public var rowTokens: Bool
    public var columnTokens: Bool
    /// Columns to outline (the selected head's d_k slice of Q, K and V).
    public var highlightColumns: Range<Int>?
}

/// Every intermediate of the trace, in the order of the computation.
public func inspectorPanels(_ trace: AttentionTrace, head h: Int) -> [MatrixPanel] {
    let dk = trace.dK
    let n = trace.tokenCount
    let slice = (h * dk)..<((h + 1) * dk)
    var mask = Matrix(rows: n, cols: n)
    for i in 0..<n { for j in 0..<n where trace.isMasked(query: i, key: j) { mask[i, j] = 1 } }
    let p = trace.projections
    return [
        MatrixPanel(name: "X", matrix: trace.x, kind: .signed, rowTokens: true, columnTokens: false),
        MatrixPanel(name: "W_q", matrix: p.wq, kind: .signed, rowTokens: false, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "W_k", matrix: p.wk, kind: .signed, rowTokens: false, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "W_v", matrix: p.wv, kind: .signed, rowTokens: false, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "W_o", matrix: p.wo, kind: .signed, rowTokens: false, columnTokens: false),
        MatrixPanel(name: "Q", matrix: trace.q, kind: .signed, rowTokens: true, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "K", matrix: trace.k, kind: .signed, rowTokens: true, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "V", matrix: trace.v, kind: .signed, rowTokens: true, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "scores h\(h + 1)", matrix: trace.heads[h].scores, kind: .signed, rowTokens: true, columnTokens: true),
        MatrixPanel(name: "mask", matrix: mask, kind: .mask, rowTokens: true, columnTokens: true),
        MatrixPanel(name: "weights h\(h + 1)", matrix: trace.heads[h].weights, kind: .weights, rowTokens: true, columnTokens: true),
        MatrixPanel(name: "output h\(h + 1)", matrix: trace.heads[h].output, kind: .signed, rowTokens: true, columnTokens: false),
        MatrixPanel(name: "concat", matrix: trace.concat, kind: .signed, rowTokens: true, columnTokens: false, highlightColumns: slice),
        MatrixPanel(name: "output", matrix: trace.output, kind: .signed, rowTokens: true, columnTokens: false),
    ]
}

/// Panel rects (title, cell grid, colorbar) in a grid over the content.
public struct InspectorLayout: Equatable, Sendable {
    public struct Slot: Equatable, Sendable {
        public var title: Rect
        public var grid: Rect
        public var bar: Rect
        /// Rows and columns actually drawn (large matrices are sampled).
        public var rows: Int
        public var cols: Int
        public var rowStep: Int
        public var colStep: Int
    }
    public var slots: [Slot]
    public static let maxCells = 128

    public init(content: Rect, panels: [MatrixPanel], metrics m: Metrics) {
        let count = panels.count
        let cols = count <= 8 ? 4 : 5
        let rows = (count + cols - 1) / cols
        let cw = content.width / Float(cols), ch = content.height / Float(rows)
        slots = panels.enumerated().map { idx, panel in
            let cell = Rect(x: content.x + Float(idx % cols) * cw, y: content.y + Float(idx / cols) * ch, width: cw, height: ch).inset(m.pad * 0.6)
            let (title, body) = cell.splitTop(m.small * 1.6)
            let (bar, area) = body.splitRight(m.small * 3.4)
            let rs = max(1, (panel.matrix.rows + InspectorLayout.maxCells - 1) / InspectorLayout.maxCells)
            let cs = max(1, (panel.matrix.cols + InspectorLayout.maxCells - 1) / InspectorLayout.maxCells)
            let r = (panel.matrix.rows + rs - 1) / rs, c = (panel.matrix.cols + cs - 1) / cs
            let side = max(0, min((area.width - m.pad) / Float(max(1, c)), area.height / Float(max(1, r))))
            let grid = Rect(x: area.x, y: area.y, width: side * Float(c), height: side * Float(r))
            // The colorbar sits right beside its matrix, whatever the matrix's width.
            return Slot(title: title, grid: grid, bar: Rect(x: min(bar.x, grid.maxX) + m.pad * 0.8, y: area.y, width: m.small * 0.55,
                                                            height: max(0, min(area.height, grid.height))),
                        rows: r, cols: c, rowStep: rs, colStep: cs)
        }
    }
}

func drawInspector(_ out: inout [DrawCommand], _ state: AppState, _ content: Rect, _ m: Metrics) {
    let th = state.theme
    guard let trace = state.trace else {
        out.append(.text(TextItem("Type a sequence to inspect its matrices.", at: content.center, size: m.title,
                                  color: th.dimText, anchor: .center, maxWidth: content.width)))
        return
    }
    let head = min(state.selection.head, trace.heads.count - 1)
    let panels = inspectorPanels(trace, head: head)
    let (hintBand, grid) = content.splitBottom(m.small * 1.6)
    let layout = InspectorLayout(content: grid, panels: panels, metrics: m)
    let diverging = Colormap.diverging.table
    let sequential = state.colormap.table
    for (panel, slot) in zip(panels, layout.slots) {
        let mat = panel.matrix
        let (lo, hi) = mat.range
        let amax = max(abs(lo), abs(hi), 1e-6)
        var pixels = [UInt32](repeating: 0, count: slot.rows * slot.cols)
        for r in 0..<slot.rows {
            for c in 0..<slot.cols {
                let v = mat[r * slot.rowStep, c * slot.colStep]
                switch panel.kind {
                case .signed: pixels[r * slot.cols + c] = Colormap.diverging.argb(0.5 + 0.5 * v / amax, table: diverging)
                case .weights: pixels[r * slot.cols + c] = state.colormap.argb(v, table: sequential)
                case .mask: pixels[r * slot.cols + c] = v > 0 ? th.masked.argb : th.panel.argb
                }
            }
        }
        let sampled = slot.rowStep > 1 || slot.colStep > 1 ? " (sampled)" : ""
        let range: String
        switch panel.kind {
        case .signed: range = "±\(format(amax, 2))"
        case .weights: range = "0…1"
        case .mask: range = "grey = masked"
        }
        out.append(.text(TextItem("\(panel.name)  \(mat.rows)×\(mat.cols)  \(range)\(sampled)", at: Point(slot.title.x, slot.title.center.y),
                                  size: m.small, color: th.text, anchor: .centerLeft, maxWidth: slot.title.width, bold: true)))
        guard slot.grid.width >= 1 else { continue }
        out.append(.heatmap(slot.grid, columns: slot.cols, rows: slot.rows, pixels: pixels))
        out.append(.strokeRect(slot.grid, th.grid, width: 1))
        // A thin colorbar: the map from its low end (bottom) to its high end (top).
        if panel.kind != .mask && slot.bar.height > 4 {
            let steps = 32
            let map = panel.kind == .signed ? Colormap.diverging : state.colormap
            let table = panel.kind == .signed ? diverging : sequential
            out.append(.heatmap(slot.bar, columns: 1, rows: steps,
                                pixels: (0..<steps).map { map.argb(1 - Float($0) / Float(steps - 1), table: table) }))
            // Ticks: the ends and the middle (0 for signed values).
            let ticks: [(Float, String)] = panel.kind == .signed
                ? [(Float(0), format(amax, 2)), (Float(0.5), "0"), (Float(1), format(-amax, 2))]
                : [(Float(0), "1"), (Float(0.5), "0.5"), (Float(1), "0")]
            for (f, label) in ticks {
                let y = slot.bar.y + f * slot.bar.height
                out.append(.line(from: Point(slot.bar.maxX, y), to: Point(slot.bar.maxX + m.pad * 0.5, y), th.text, width: 1))
                if slot.bar.height >= m.small * 3 {
                    out.append(.text(TextItem(label, at: Point(slot.bar.maxX + m.pad * 0.7, y), size: m.small, color: th.dimText,
                                              anchor: f == 0 ? .topLeft : (f == 1 ? .bottomLeft : .centerLeft),
                                              maxWidth: m.small * 2.6)))
                }
            }
        }
        let cell = slot.grid.width / Float(slot.cols)
        if cell >= m.small * 3.1 {
            for r in 0..<slot.rows {
                for c in 0..<slot.cols {
                    let v = mat[r * slot.rowStep, c * slot.colStep]
                    let t: Float = panel.kind == .signed ? 0.5 + 0.5 * v / amax : v
                    let color = panel.kind == .signed ? Colormap.diverging.textColor(on: t) : state.colormap.textColor(on: t)
                    out.append(.text(TextItem(format(v, 2), at: Point(slot.grid.x + (Float(c) + 0.5) * cell, slot.grid.y + (Float(r) + 0.5) * cell),
                                              size: m.small, color: color, anchor: .center, maxWidth: cell - 2)))
                }
            }
        }
        if let cols = panel.highlightColumns, slot.colStep == 1 {
            let x0 = slot.grid.x + Float(cols.lowerBound) * cell
            out.append(.strokeRect(Rect(x: x0, y: slot.grid.y, width: Float(cols.count) * cell, height: slot.grid.height), th.accent, width: 2))
        }
        if case let .matrixCell(name, r, c)? = state.hover, name == panel.name {
            let rr = r / slot.rowStep, cc = c / slot.colStep
            out.append(.strokeRect(Rect(x: slot.grid.x + Float(cc) * cell, y: slot.grid.y + Float(rr) * cell, width: cell, height: cell), th.highlight, width: 2))
        }
    }
    if case let .matrixCell(name, r, c)? = state.hover, let panel = panels.first(where: { $0.name == name }),
       r < panel.matrix.rows, c < panel.matrix.cols, let p = state.pointer {
        let rowLabel = panel.rowTokens ? "\(rowNoun(panel.name)) \(r + 1) “\(trace.tokens[r])”" : "row \(r + 1)"
        let colLabel = panel.columnTokens ? "key \(c + 1) “\(trace.tokens[c])”" : "dim \(c + 1)"
        drawTooltip(&out, state, at: p, lines: ["\(name): \(rowLabel), \(colLabel)", "value \(format(panel.matrix[r, c], 4))"], m)
    }
    out.append(.text(TextItem("selected head \(head + 1) (Ctrl+H): its d_k columns are outlined in W_q, W_k, W_v, Q, K, V and concat",
                              at: Point(hintBand.x + m.pad, hintBand.center.y), size: m.small, color: th.dimText,
                              anchor: .centerLeft, maxWidth: hintBand.width - 2 * m.pad)))
}

/// What a row of a matrix stands for: a key's row of K, a value's row of V, a token's row of X;
/// rows of Q, scores, weights and outputs belong to queries.
func rowNoun(_ panelName: String) -> String {
    switch panelName {
    case "K": return "key"
    case "V": return "value"
    case "X": return "token"
    default: return "query"
    }
}

func hitTestInspector(_ state: AppState, _ p: Point) -> HoverTarget? {
    guard let trace = state.trace else { return nil }
    let m = Metrics(state)
    let content = ChromeLayout(viewport: state.viewport, metrics: m).content
    let panels = inspectorPanels(trace, head: min(state.selection.head, trace.heads.count - 1))
    let layout = InspectorLayout(content: content.splitBottom(m.small * 1.6).1, panels: panels, metrics: m)
    for (panel, slot) in zip(panels, layout.slots) where slot.grid.contains(p) {
        let cell = slot.grid.width / Float(slot.cols)
        let c = min(slot.cols - 1, Int((p.x - slot.grid.x) / cell)), r = min(slot.rows - 1, Int((p.y - slot.grid.y) / cell))
        return .matrixCell(matrix: panel.name, row: min(panel.matrix.rows - 1, r * slot.rowStep),
                           column: min(panel.matrix.cols - 1, c * slot.colStep))
    }
    return nil
}

/// A two-line box near the pointer, kept inside the window.
func drawTooltip(_ out: inout [DrawCommand], _ state: AppState, at p: Point, lines: [String], _ m: Metrics) {
    let th = state.theme
    let w = min(state.viewport.width - 2 * m.pad, m.small * 26)
    let h = m.small * (1.4 * Float(lines.count) + 0.6)
    var x = p.x + 16, y = p.y + 16
    if x + w > state.viewport.width - m.pad { x = max(m.pad, p.x - 16 - w) }
    if y + h > state.viewport.height - m.pad { y = max(m.pad, p.y - 16 - h) }
    let box = Rect(x: x, y: y, width: w, height: h)
    out.append(.fillRect(box, th.tooltip.withAlpha(0.95)))
    out.append(.strokeRect(box, th.accent, width: 1))
    for (k, line) in lines.enumerated() {
        out.append(.text(TextItem(line, at: Point(box.x + m.pad, box.y + m.pad * 0.8 + Float(k) * m.small * 1.4), size: m.small,
                                  color: k == 0 ? th.text : th.accent, maxWidth: w - 2 * m.pad)))
    }
}
