import AttentionCore

public let mouseHelp =
    "Mouse: hover a cell to read it · click selects it for the explanation · wheel: zoom the heatmaps (drag pans) · Ctrl+wheel: heads · Shift+wheel: d_model"

/// Every binding, from the same table the reducer uses.
func drawHelp(_ out: inout [DrawCommand], _ state: AppState, _ m: LayoutMetrics) {
    let theme = state.theme
    let vp = state.viewport
    // Keys that do the same thing share a row ("F12 / Ctrl+S"): a row less for the rest.
    var rows: [(label: String, help: String)] = []
    for b in KeyBindings.active(model: state.model != nil, decoder: state.isDecoder) {
        if let i = rows.firstIndex(where: { $0.help == b.help }) {
            // "Delete" and "Shift+Delete" read "(Shift+)Delete": the column stays narrow.
            let base = rows[i].label
            rows[i].label =
                b.label.hasSuffix("+" + base)
                ? "(" + b.label.dropLast(base.count) + ")" + base : base + " / " + b.label
        } else {
            rows.append((b.label, b.help))
        }
    }
    let half = (rows.count + 1) / 2
    // The overlay fits the window: text shrinks until every row fits its column as measured,
    // and the mouse line wraps; nothing is cut. It takes the window's width, so at 1280×720
    // every binding reads at 14 px (it shrank to 11 in a panel of 72 characters).
    let panelH = vp.height - 2 * m.pad
    let panelW = vp.width - 2 * m.pad
    let colW = (panelW - 4 * m.pad) / 2
    // Room for the rows and the mouse line (one at this width).
    var size = max(10, min(m.small, (panelH - m.title * 2.2 - m.pad * 2) / ((Float(half) + 1.6) * 1.3)))
    let widest = rows.map { m.width($0.label, 100) }.max() ?? 0
    let widestHelp = rows.map { m.width($0.help, 100) }.max() ?? 0
    size = max(10, min(size, (colW - m.pad * 2) / (widest + widestHelp) * 100 * 0.97))
    let keyW = m.width(rows.map(\.label).max { m.width($0, size) < m.width($1, size) } ?? "", size) + m.pad
    let lineH = size * 1.3
    let mouseLines = m.text.wrap(mouseHelp, size: size, in: panelW - 4 * m.pad)
    let header = m.title * 2.2 + lineH * Float(mouseLines.count)
    let usedH = min(panelH, header + lineH * Float(half) + m.pad * 2)
    let panel = Rect(x: (vp.width - panelW) / 2, y: (vp.height - usedH) / 2, width: panelW, height: usedH)
    out.append(.fillRect(Rect(x: 0, y: 0, width: vp.width, height: vp.height), RGBA(0, 0, 0, 150)))
    out.append(.fillRect(panel, theme.tooltip))
    out.append(.strokeRect(panel, theme.accent, width: 2))
    out.append(
        .text(
            TextItem(
                m.fitting(
                    ["Keys and mouse  (F1 or Esc closes)", "Keys (F1 closes)"], m.title, bold: true,
                    in: panel.width - 4 * m.pad),
                at: Point(panel.x + m.pad * 2, panel.y + m.pad * 2), size: m.title, color: theme.text,
                maxWidth: panel.width - 4 * m.pad, bold: true)))
    for (k, line) in mouseLines.enumerated() {
        out.append(
            .text(
                TextItem(
                    line, at: Point(panel.x + m.pad * 2, panel.y + m.title * 2.2 - lineH * 0.3 + Float(k) * lineH),
                    size: size,
                    color: theme.dimText, maxWidth: panel.width - 4 * m.pad)))
    }
    out.append(.pushClip(panel))
    for (i, b) in rows.enumerated() {
        let col = i / half
        let row = i % half
        let x = panel.x + m.pad * 2 + Float(col) * colW
        let y = panel.y + header + Float(row) * lineH
        out.append(.text(TextItem(b.label, at: Point(x, y), size: size, color: theme.accent, maxWidth: keyW)))
        out.append(
            .text(TextItem(b.help, at: Point(x + keyW, y), size: size, color: theme.text, maxWidth: colW - keyW)))
    }
    out.append(.popClip)
}
