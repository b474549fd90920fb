import AttentionCore

/// One arc: query → key in one head (nil: the average), with the weight it shows.
public struct Arc: Equatable, Sendable {
    public var query: Int
    public var key: Int
    public var head: Int?
    public var weight: Float
}

/// Head colours, one per head up to 16: Okabe and Ito's colour-blind-safe eight, then eight of
/// Paul Tol's that differ from them (SmolLM2's 9 heads, Llama's 32 in 16s). Past 16 they repeat,
/// and the legend says so.
public let headPalette: [RGBA] = [
    0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0xBBBBBB,
    0xEE6677, 0x228833, 0x66CCEE, 0xAA3377, 0xCCBB44, 0x4477AA, 0x99DDFF, 0xFFAABB,
].map { RGBA(hex: $0) }

/// A head's colour; the average's is the theme's text colour, the strongest contrast it has
/// (its accent is a head's yellow on the projector theme).
public func headColor(_ h: Int?, theme: Theme) -> RGBA {
    guard let h else { return theme.text }
    return headPalette[h % headPalette.count]
}

/// How far head `h` of `heads` is shifted sideways so that arcs of the same query and key in
/// different heads lie side by side instead of on top of each other.
func headOffset(_ h: Int?, heads: Int, spacing: Float) -> Float {
    guard let h, heads > 1 else { return 0 }
    return (Float(h) - Float(heads - 1) / 2) * spacing
}

/// At most this many arcs are drawn (the strongest): a frame's cost stays bounded with top-k 0
/// and threshold 0 on hundreds of tokens (1.6 GB and 47 s a frame before).
public let maxDrawnArcs = 2_000

/// The arcs the view draws: the strongest `maxDrawnArcs` of `arcCandidates`.
public func visibleArcs(_ state: AppState) -> [Arc] {
    capArcs(arcCandidates(state))
}

/// The `maxDrawnArcs` heaviest arcs (ties by position), in their original order.
func capArcs(_ all: [Arc]) -> [Arc] {
    guard all.count > maxDrawnArcs else { return all }
    let order = all.indices.sorted { all[$0].weight > all[$1].weight || (all[$0].weight == all[$1].weight && $0 < $1) }
    return order.prefix(maxDrawnArcs).sorted().map { all[$0] }
}

/// Every arc that passes the filters: not masked, at least the threshold, the row's top-k,
/// visible heads, and when a token is hovered only its arcs (as a query, or as a key with Shift).
public func arcCandidates(_ state: AppState) -> [Arc] {
    arcCandidates(state, state.displayed)
}

/// `arcCandidates` of an already blended frame (a frame's drawing blends it once).
func arcCandidates(_ state: AppState, _ frame: DisplayFrame) -> [Arc] {
    let n = frame.n
    guard n > 0 else { return [] }
    let opts = state.arcs
    var focus: Int?
    var asKey = state.pointer.shiftHeld
    if case .token(let i)? = state.pointer.hover, i < n { focus = i }
    if case .keyToken(let j)? = state.pointer.hover, j < n {
        focus = j
        asKey = true
    }
    // Ctrl+clicked queries: only their arcs (a hovered token still wins while it is hovered).
    let picked = focus == nil && frame.pool == 1 ? Set(state.selection.queries.filter { $0 < n }) : []
    let sources: [(Int?, [Float])] =
        opts.average
        ? [(nil, frame.summary)]
        : frame.heads.indices.filter { !opts.hiddenHeads.contains($0) && frame.headAlpha[$0] > 0.01 }.map {
            ($0, frame.heads[$0])
        }
    var arcs: [Arc] = []
    for (head, w) in sources {
        for i in 0..<n {
            if let f = focus, !asKey, i != f { continue }
            if !picked.isEmpty && !picked.contains(i) { continue }
            var row: [(Int, Float)] = []
            for j in 0..<n where !frame.isMasked(i, j) {
                if let f = focus, asKey, j != f { continue }
                let v = w[i * n + j]
                if v >= opts.minWeight && v > 0 { row.append((j, v)) }
            }
            row.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            if opts.topK > 0 && row.count > opts.topK { row.removeLast(row.count - opts.topK) }
            for (j, v) in row { arcs.append(Arc(query: i, key: j, head: head, weight: v)) }
        }
    }
    return arcs
}

/// Stroke width of an arc: grows with the weight, so strength reads as thickness too.
public func arcWidth(_ weight: Float, metrics m: LayoutMetrics) -> Float {
    max(1, m.base * (0.08 + 0.55 * min(1, max(0, weight))))
}
