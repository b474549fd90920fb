import AttentionCore

/// The top of the colour scale: the largest weight shown, rounded up to a tenth (at least 0.1).
func colorScaleMax(_ frame: DisplayFrame) -> Float {
    var mx = largest(frame.summary)
    for h in frame.heads { mx = max(mx, largest(h)) }
    return min(1, max(0.1, (mx * 10).rounded(.up) / 10))
}

/// The largest finite value of `values` (0 if none), sixteen lanes at a time: it runs every frame.
func largest(_ values: [Float]) -> Float {
    values.withUnsafeBufferPointer { b -> Float in
        guard let p = b.baseAddress else { return 0 }
        var acc = SIMD16<Float>(repeating: 0)
        let limit = SIMD16<Float>(repeating: .greatestFiniteMagnitude)
        var i = 0
        while i + 16 <= b.count {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            // NaN and infinities never win (comparisons with NaN are false).
            acc = acc.replacing(with: v, where: (v .> acc) .& (v .<= limit))
            i += 16
        }
        var mx: Float = 0
        for l in 0..<16 where acc[l] > mx { mx = acc[l] }
        while i < b.count {
            if p[i] > mx && p[i].isFinite { mx = p[i] }
            i += 1
        }
        return mx
    }
}

/// Evenly spaced colorbar ticks from 0 to at most `vmax`: 0, 0.05, 0.1, … never 0.03, 0.05, 0.08.
func colorbarTicks(_ vmax: Float) -> [Float] {
    let steps: [Float] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1]
    let step = steps.first { vmax / $0 <= 5.0001 } ?? 1
    var out: [Float] = []
    var k = 0
    while Float(k) * step <= vmax * 1.0001 {
        out.append(Float(k) * step)
        k += 1
    }
    return out
}

/// A vertical scale from 0 to vmax with ticks, and the swatch that says what "masked" looks like.
func drawColorbar(_ out: inout [DrawCommand], _ r: Rect, vmax: Float, state: AppState, filtered: Bool, m: LayoutMetrics)
{
    let theme = state.theme
    guard r.height > m.base * 8 else { return }
    out.append(.text(TextItem("weight", at: Point(r.x, r.y), size: m.small, color: theme.text, maxWidth: r.width)))
    let scale = state.colorScale == .fixed ? ["fixed 0–1 (F8)", "fixed 0–1", "fixed"] : ["auto (F8)", "auto"]
    out.append(
        .text(
            TextItem(
                m.fitting(scale, m.small, in: r.width), at: Point(r.x, r.y + m.small * 1.3), size: m.small,
                color: theme.dimText, maxWidth: r.width)))
    let barTop = r.y + m.small * 3.2
    let barH = max(10, r.height - m.small * 8)
    let bar = Rect(x: r.x, y: barTop, width: m.base * 1.2, height: barH)
    drawGradient(&out, bar, state)
    let ticks = colorbarTicks(vmax)
    let digits =
        ticks.contains { ($0 * 10).rounded() != $0 * 10 }
        ? (ticks.contains { ($0 * 100).rounded() != $0 * 100 } ? 3 : 2) : 1
    for v in ticks {
        let y = bar.maxY - v / vmax * bar.height
        out.append(.line(from: Point(bar.maxX, y), to: Point(bar.maxX + m.pad * 0.8, y), theme.text, width: 1))
        out.append(
            .text(
                TextItem(
                    formatted(v, decimals: digits), at: Point(bar.maxX + m.pad, y), size: m.small, color: theme.text,
                    anchor: .centerLeft, maxWidth: r.maxX - bar.maxX - m.pad)))
    }
    let swatch = Rect(x: r.x, y: bar.maxY + m.small * 1.5, width: m.base * 1.2, height: m.base * 1.2)
    out.append(.fillRect(swatch, theme.masked))
    out.append(
        .line(
            from: Point(swatch.x + swatch.width * 0.2, swatch.maxY - swatch.height * 0.2),
            to: Point(swatch.maxX - swatch.width * 0.2, swatch.y + swatch.height * 0.2),
            hatchInk(theme.masked).withAlpha(0.85),
            width: max(1, swatch.width * 0.06)))
    out.append(.strokeRect(swatch, theme.grid, width: 1))
    out.append(
        .text(
            TextItem(
                "masked", at: Point(swatch.maxX + m.pad, swatch.center.y), size: m.small, color: theme.text,
                anchor: .centerLeft, maxWidth: r.maxX - swatch.maxX - m.pad)))
    if filtered {
        out.append(
            .text(
                TextItem(
                    "or filtered", at: Point(r.x, swatch.maxY + m.small * 0.9), size: m.small,
                    color: theme.text, anchor: .centerLeft, maxWidth: r.width)))
    }
}

/// The colour map from 1 at the top to 0 at the bottom of `bar`, outlined.
func drawGradient(_ out: inout [DrawCommand], _ bar: Rect, _ state: AppState) {
    let steps = 128
    let table = state.colormap.table
    let pixels = (0..<steps).map { i in state.colormap.argb(1 - Float(i) / Float(steps - 1), table: table) }
    out.append(.heatmap(bar, columns: 1, rows: steps, pixels: pixels))
    out.append(.strokeRect(bar, state.theme.grid, width: 1))
}
