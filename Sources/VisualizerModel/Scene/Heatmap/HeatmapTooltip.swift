import AttentionCore

/// Query, key, head and the exact weight of the hovered cell.
func drawHeatmapTooltip(_ out: inout [DrawCommand], _ state: AppState, _ hover: HoverTarget, _ m: LayoutMetrics) {
    guard case .cell(let head, let q, let k) = hover, let p = state.pointer.position else { return }
    let frame = state.displayed
    guard q < frame.n, k < frame.n else { return }
    let weights = head.map { $0 < frame.heads.count ? frame.heads[$0] : frame.summary } ?? frame.summary
    let w = weights[q * frame.n + k]
    let who = head.map { "head \($0 + 1)" } ?? summaryTitle(state)
    var line1 = "query \(q + 1) “\(frame.tokens[q])” → key \(k + 1) “\(frame.tokens[k])”"
    var line2 = "\(who): weight \(formatted(w, decimals: 4))"
    if frame.pool > 1 {
        line1 = "queries \(frame.tokens[q]) → keys \(frame.tokens[k]) · overview of \(frame.pool)×\(frame.pool) blocks"
        line2 =
            frame.isMasked(q, k) ? "\(who): all masked" : "\(who): largest weight in block \(formatted(w, decimals: 4))"
    } else if frame.isFilteredOut(q, k) {
        line2 = "\(who): weight \(formatted(w, decimals: 4)), outside \(frame.pairFilter.label) (Ctrl+B)"
    } else if frame.isMasked(q, k) {
        line2 = "\(who): masked (\(maskReason(frame, q, k))), weight 0"
    } else if let trace = state.trace, let h = head, h < trace.heads.count, q < trace.tokenCount, k < trace.tokenCount {
        line2 += "   score \(formatted(trace.heads[h].scores[q, k], decimals: 3))"
    }
    drawTooltip(&out, state, at: p, lines: [line1, line2], m)
}

func maskReason(_ frame: DisplayFrame, _ q: Int, _ k: Int) -> String {
    if frame.isFilteredOut(q, k) { return "outside \(frame.pairFilter.label); Ctrl+B changes it" }
    if frame.pool == 1, (0..<frame.n).allSatisfy({ frame.isMasked(q, $0) }) {
        return "this query's window holds only PAD: it attends to nothing"
    }
    if frame.isPad(k) { return "key is PAD" }
    if frame.mask.causal && k > q { return "causal: key after query" }
    return "outside the window"
}
