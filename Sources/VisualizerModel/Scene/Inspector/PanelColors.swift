import AttentionCore

/// The panel's cells as pixels: signed values diverging, weights in the colour map, the mask grey.
func panelPixels(_ panel: MatrixPanel, _ slot: InspectorLayout.Slot, amax: Float, _ state: AppState) -> [UInt32] {
    let theme = state.theme
    let mat = panel.matrix
    let diverging = Colormap.diverging.table
    let sequential = state.colormap.table
    var pixels = [UInt32](repeating: 0, count: slot.rows * slot.cols)
    for r in 0..<slot.rows {
        for c in 0..<slot.cols {
            let v = mat[r * slot.rowStep, c * slot.colStep]
            switch panel.kind {
            case .signed:
                pixels[r * slot.cols + c] = Colormap.diverging.argb(0.5 + 0.5 * v / amax, table: diverging)
            case .weights: pixels[r * slot.cols + c] = state.colormap.argb(v, table: sequential)
            case .mask: pixels[r * slot.cols + c] = v > 0 ? theme.masked.argb : theme.panel.argb
            }
        }
    }
    return pixels
}

/// A thin colorbar beside a panel, with its ends and middle ticked.
func drawPanelColorbar(
    _ out: inout [DrawCommand], _ panel: MatrixPanel, _ slot: InspectorLayout.Slot, amax: Float, _ state: AppState,
    _ m: LayoutMetrics
) {
    let theme = state.theme
    let diverging = Colormap.diverging.table
    let sequential = state.colormap.table
    // A thin colorbar: the map from its low end (bottom) to its high end (top).
    if panel.kind != .mask && slot.bar.height > 4 {
        let steps = 32
        let map = panel.kind == .signed ? Colormap.diverging : state.colormap
        let table = panel.kind == .signed ? diverging : sequential
        out.append(
            .heatmap(
                slot.bar, columns: 1, rows: steps,
                pixels: (0..<steps).map { map.argb(1 - Float($0) / Float(steps - 1), table: table) }))
        // Ticks: the ends and the middle (0 for signed values).
        let ticks: [(Float, String)] =
            panel.kind == .signed
            ? [(Float(0), formatted(amax, decimals: 2)), (Float(0.5), "0"), (Float(1), formatted(-amax, decimals: 2))]
            : [(Float(0), "1"), (Float(0.5), "0.5"), (Float(1), "0")]
        for (f, label) in ticks {
            let y = slot.bar.y + f * slot.bar.height
            out.append(
                .line(from: Point(slot.bar.maxX, y), to: Point(slot.bar.maxX + m.pad * 0.5, y), theme.text, width: 1))
            if slot.bar.height >= m.small * 3 {
                out.append(
                    .text(
                        TextItem(
                            label, at: Point(slot.bar.maxX + m.pad * 0.7, y), size: m.small, color: theme.dimText,
                            anchor: f == 0 ? .topLeft : (f == 1 ? .bottomLeft : .centerLeft))))
            }
        }
    }
}

/// Each cell's value, where the cells are large enough to read one: `cell` wide, `rowH` tall
/// (a wide strip's rows are taller than its cells are wide).
func drawPanelNumbers(
    _ out: inout [DrawCommand], _ panel: MatrixPanel, _ slot: InspectorLayout.Slot, amax: Float, cell: Float,
    rowH: Float, _ state: AppState, _ m: LayoutMetrics
) {
    let mat = panel.matrix
    for r in 0..<slot.rows {
        for c in 0..<slot.cols {
            let v = mat[r * slot.rowStep, c * slot.colStep]
            let t: Float = panel.kind == .signed ? 0.5 + 0.5 * v / amax : v
            let color =
                panel.kind == .signed ? Colormap.diverging.textColor(on: t) : state.colormap.textColor(on: t)
            out.append(
                .text(
                    TextItem(
                        formatted(v, decimals: 2),
                        at: Point(slot.grid.x + (Float(c) + 0.5) * cell, slot.grid.y + (Float(r) + 0.5) * rowH),
                        size: m.small, color: color, anchor: .center, maxWidth: cell - 2)))
        }
    }
}

/// The 99th percentile of |value| over at most 4,096 evenly spaced values (every frame redraws
/// the panel: a 576 × 576 matrix is not sorted whole), nil for a matrix of zeros.
func percentile99(_ m: Matrix) -> Float? {
    let n = m.storage.count
    guard n > 0 else { return nil }
    let step = max(1, n / 4096)
    let sample = stride(from: 0, to: n, by: step).map { abs(m.storage[$0]) }.sorted()
    let v = sample[min(sample.count - 1, Int(Float(sample.count - 1) * 0.99))]
    return v > 0 ? v : nil
}
