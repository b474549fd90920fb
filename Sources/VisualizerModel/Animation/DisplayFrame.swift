import AttentionCore

/// What the heatmaps show at one instant: weights per head, the summary, and how big each
/// token's row/column is. Animations blend two of these.
public struct DisplayFrame: Equatable, Sendable {
    /// Row/column slots; during a transition, the larger of the two sequences.
    public var n: Int
    public var tokens: [String]
    /// Size factor of each slot in [0, 1]: 0 is collapsed (being typed in or deleted).
    public var sizes: [Float]
    /// Weights of each head, n × n row-major.
    public var heads: [[Float]]
    /// Opacity of each head tile in [0, 1].
    public var headAlpha: [Float]
    public var summary: [Float]
    public var mask: MaskSpec
    /// Tokens per slot: 1 shows every token; above `maxSlots` tokens, f × f blocks are pooled
    /// (max) into one cell, an overview that stays legible and cheap at n = 2048.
    public var pool: Int
    /// The true number of tokens behind the slots.
    public var tokenCount: Int
    /// How the text behind the picture was read: words or numbers.
    public var mode: TokenMode = .words
    /// Pooled frames: whether each block is entirely masked (n × n); empty when `pool` is 1.
    public var maskedCells: [Bool]
    /// The number of heads the tile layout is arranged for.
    public var layoutHeads: Int
    /// The tile layout blends from `layoutFromHeads` to `layoutHeads` by `layoutProgress`.
    public var layoutFromHeads: Int
    public var layoutProgress: Float
    /// Sentence of each slot (0: A, 1: B) for a trained model's ' ||| ' pair; empty otherwise.
    public var segments: [Int] = []
    /// Which sentence's queries and keys are shown (the rest is drawn as masked).
    public var pairFilter: PairFilter = .all

    public static let empty = DisplayFrame(
        n: 0, tokens: [], sizes: [], heads: [], headAlpha: [], summary: [],
        mask: .none, layoutHeads: 1, layoutFromHeads: 1, layoutProgress: 1)

    /// Above this many tokens the heatmaps show a pooled overview.
    public static let maxSlots = 256

    /// The pooling factor of n tokens: 1 up to `maxSlots`, then the smallest that fits.
    public static func poolFactor(_ count: Int) -> Int {
        count > DisplayFrame.maxSlots ? (count + DisplayFrame.maxSlots - 1) / DisplayFrame.maxSlots : 1
    }

    /// Whether each f × f block is entirely masked.
    static func pooledMask(_ mask: MaskSpec, count: Int, f: Int) -> [Bool] {
        let m = (count + f - 1) / f
        var cells = [Bool](repeating: true, count: m * m)
        for i in 0..<count {
            let visible = mask.visibleKeys(query: i, tokenCount: count)
            guard !visible.isEmpty else { continue }
            for bj in (visible.lowerBound / f)...((visible.upperBound - 1) / f) { cells[(i / f) * m + bj] = false }
        }
        return cells
    }

    /// The settled frame of a pooled overview: the same frame `init(trace:)` makes of the full
    /// trace of the same input and settings (bit for bit), without the trace.
    public init(pooled p: PooledAttention, settings: AttentionSettings) {
        let count = p.tokens.count
        let f = p.pool
        let m = p.blocks
        n = m
        pool = f
        tokenCount = count
        mode = p.mode
        sizes = Array(repeating: 1, count: m)
        headAlpha = Array(repeating: 1, count: p.heads.count)
        mask = settings.mask
        layoutHeads = settings.heads
        layoutFromHeads = layoutHeads
        layoutProgress = 1
        tokens = (0..<m).map { b in "\(b * f + 1)–\(min(count, (b + 1) * f))" }
        heads = p.heads
        summary = p.summary
        maskedCells = DisplayFrame.pooledMask(settings.mask, count: count, f: f)
    }

    /// The settled frame of a trace.
    public init(trace: AttentionTrace) {
        let count = trace.tokenCount
        let f = DisplayFrame.poolFactor(count)
        let m = (count + f - 1) / f
        n = m
        pool = f
        tokenCount = count
        mode = trace.mode
        sizes = Array(repeating: 1, count: m)
        headAlpha = Array(repeating: 1, count: trace.heads.count)
        mask = trace.settings.mask
        layoutHeads = trace.settings.heads
        layoutFromHeads = layoutHeads
        layoutProgress = 1
        if f == 1 {
            tokens = trace.tokens
            heads = trace.heads.map(\.weights.storage)
            summary = trace.average.storage
            maskedCells = []
        } else {
            tokens = (0..<m).map { b in "\(b * f + 1)–\(min(count, (b + 1) * f))" }
            heads = trace.heads.map { DisplayFrame.maxPool($0.weights.storage, n: count, f: f) }
            summary = DisplayFrame.maxPool(trace.average.storage, n: count, f: f)
            maskedCells = DisplayFrame.pooledMask(trace.settings.mask, count: count, f: f)
        }
    }

    /// The maximum of each f × f block of an n × n matrix: the pooled pass's own block maxima,
    /// so the overview and the pooled trace agree by construction.
    public static func maxPool(_ w: [Float], n: Int, f: Int) -> [Float] {
        let m = (n + f - 1) / f
        var out = [Float](repeating: 0, count: m * m)
        w.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for block in 0..<m {
                    let r0 = block * f
                    AttentionEngine.poolRows(
                        UnsafePointer(s + r0 * n), rows: min(n, r0 + f) - r0, n: n, f: f, into: d + block * m, blocks: m
                    )
                }
            }
        }
        return out
    }

    /// The token range [first, last) behind slot `i`.
    public func tokenRange(_ i: Int) -> Range<Int> {
        (i * pool)..<min(tokenCount, (i + 1) * pool)
    }

    public init(
        n: Int, tokens: [String], sizes: [Float], heads: [[Float]], headAlpha: [Float], summary: [Float],
        mask: MaskSpec, layoutHeads: Int, layoutFromHeads: Int, layoutProgress: Float,
        pool: Int = 1, tokenCount: Int? = nil, maskedCells: [Bool] = []
    ) {
        self.pool = pool
        self.tokenCount = tokenCount ?? n
        self.maskedCells = maskedCells
        self.n = n
        self.tokens = tokens
        self.sizes = sizes
        self.heads = heads
        self.headAlpha = headAlpha
        self.summary = summary
        self.mask = mask
        self.layoutHeads = layoutHeads
        self.layoutFromHeads = layoutFromHeads
        self.layoutProgress = layoutProgress
    }

    public func isMasked(_ i: Int, _ j: Int) -> Bool {
        if isFilteredOut(i, j) { return true }
        if pool > 1 { return i < n && j < n && maskedCells.count == n * n ? maskedCells[i * n + j] : false }
        return mask.isMasked(query: i, key: j, tokenCount: max(1, liveCount))
    }

    /// Whether a sentence-pair filter hides query i's attention to key j (non-pooled frames).
    public func isFilteredOut(_ i: Int, _ j: Int) -> Bool {
        pairFilter != .all && pool == 1 && i < segments.count && j < segments.count
            && !pairFilter.shows(segments[i], segments[j])
    }

    /// Whether slot `i` is one of the padded positions (the last p of the live tokens).
    public func isPad(_ i: Int) -> Bool {
        let n = liveCount
        return pool == 1 && mask.padding > 0 && i < n && i >= n - mask.effectivePadding(tokenCount: n)
    }

    /// The label of slot `i`: the token, or "PAD" for the padded positions.
    public func label(_ i: Int) -> String {
        guard i < tokens.count else { return "" }
        return isPad(i) ? "PAD" : tokens[i]
    }

    /// Slots with a non-zero size are the live tokens for masking purposes.
    public var liveCount: Int {
        var c = n
        while c > 0 && sizes[c - 1] == 0 { c -= 1 }
        return max(c, min(n, 1))
    }

    /// Whether going from `a` to `b` is drawn as a morph. Cells blend slot by slot, which means
    /// something only when a slot holds the same tokens on both sides. In a pooled overview a
    /// typed token is a fraction of a block, and a new token count or pooling puts other
    /// tokens behind the same slots (2048 tokens: 8 to a block; 2049: 9), so the overview is
    /// replaced, not blended. A settings change over the same tokens still morphs.
    public static func morphs(from a: DisplayFrame, to b: DisplayFrame) -> Bool {
        guard a.pool > 1 || b.pool > 1 else { return true }
        return a.pool == b.pool && a.tokenCount == b.tokenCount
    }

    /// `a` at t = 0, `b` at t = 1; values move with eased `e`, sizes and alpha too.
    ///
    /// Slots or heads that exist on one side only keep the other side's values while their size
    /// or opacity goes to 0, so a deleted token shrinks with its weights and a new one grows
    /// with its final weights.
    public static func blend(_ a: DisplayFrame, _ b: DisplayFrame, _ e: Float) -> DisplayFrame {
        if e >= 1 { return b }
        let n = max(a.n, b.n)
        var sizes = [Float](repeating: 0, count: n)
        var tokens = [String](repeating: "", count: n)
        for i in 0..<n {
            let sa: Float = i < a.n ? a.sizes[i] : 0
            let sb: Float = i < b.n ? b.sizes[i] : 0
            sizes[i] = sa + (sb - sa) * e
            tokens[i] = i < b.n ? b.tokens[i] : a.tokens[i]
        }
        func cell(_ m: [Float], _ mn: Int, _ i: Int, _ j: Int) -> Float? {
            i < mn && j < mn ? m[i * mn + j] : nil
        }
        func mix(_ ma: [Float]?, _ mb: [Float]?) -> [Float] {
            if let x = ma, let y = mb, a.n == n, b.n == n, x.count == n * n, y.count == n * n {
                // Same slots on both sides (a settings change): a straight interpolation.
                return [Float](unsafeUninitializedCapacity: n * n) { out, count in
                    x.withUnsafeBufferPointer { px in
                        y.withUnsafeBufferPointer { py in
                            for i in 0..<(n * n) { out[i] = px[i] + (py[i] - px[i]) * e }
                        }
                    }
                    count = n * n
                }
            }
            var out = [Float](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    let va = ma.flatMap { cell($0, a.n, i, j) }
                    let vb = mb.flatMap { cell($0, b.n, i, j) }
                    switch (va, vb) {
                    case (let x?, let y?): out[i * n + j] = x + (y - x) * e
                    case (let x?, nil): out[i * n + j] = x
                    case (nil, let y?): out[i * n + j] = y
                    default: out[i * n + j] = 0
                    }
                }
            }
            return out
        }
        let h = max(a.heads.count, b.heads.count)
        var heads: [[Float]] = []
        var alpha: [Float] = []
        for k in 0..<h {
            let ha = k < a.heads.count ? a.heads[k] : nil
            let hb = k < b.heads.count ? b.heads[k] : nil
            heads.append(mix(ha, hb))
            let aa: Float = k < a.heads.count ? a.headAlpha[k] : 0
            let ab: Float = k < b.heads.count ? b.headAlpha[k] : 0
            alpha.append(aa + (ab - aa) * e)
        }
        // From nothing (the opening, or after an empty input) the tiles start in their final places.
        let fromLayout = a.n == 0 ? b.layoutHeads : (a.layoutProgress < 0.5 ? a.layoutFromHeads : a.layoutHeads)
        let side = e < 0.5 ? a : b
        var cells: [Bool] = []
        if side.pool > 1 {
            if side.n == n {
                cells = side.maskedCells
            } else {
                cells = [Bool](repeating: false, count: n * n)
                for i in 0..<side.n { for j in 0..<side.n { cells[i * n + j] = side.maskedCells[i * side.n + j] } }
            }
        }
        var out = DisplayFrame(
            n: n, tokens: tokens, sizes: sizes, heads: heads, headAlpha: alpha,
            summary: mix(a.summary, b.summary), mask: side.mask,
            layoutHeads: b.layoutHeads, layoutFromHeads: fromLayout, layoutProgress: e,
            pool: side.pool, tokenCount: side.tokenCount, maskedCells: cells)
        out.mode = side.mode
        out.segments = side.segments.count == n ? side.segments : (b.segments.count == n ? b.segments : [])
        out.pairFilter = out.segments.isEmpty ? .all : side.pairFilter
        return out
    }
}
