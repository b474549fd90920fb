import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

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
    /// How it is computed, as its title says it ("Q = X·W_q"), longest first.
    public var formulas: [String] = []
    /// Where it sits in the data flow: column (left to right) and row.
    public var column = 0
    public var row = 0
    /// The panels whose arrows point into this one.
    public var inputs: [String] = []
    /// When only some columns are shown (a 22×384 activation is a hairline strip whole): the
    /// first shown column of the full matrix and the full matrix's column count.
    public var columnOffset = 0
    public var fullColumns: Int?

    /// "15×32 of 15×384", or "15×15" when the panel is the whole matrix.
    public var shape: String {
        let own = "\(matrix.rows)×\(matrix.cols)"
        return fullColumns.map { own + " of \(matrix.rows)×\($0)" } ?? own
    }

    /// "cols 33–64" when a slice is shown.
    public var columnsShown: String? {
        fullColumns.map { _ in "cols \(columnOffset + 1)–\(columnOffset + matrix.cols)" }
    }

    /// Only `columns` of a token-row matrix far wider than tall, where drawn whole every row
    /// would be a hairline; the selected head's columns then fill the panel.
    func sliced(to columns: Range<Int>) -> MatrixPanel {
        guard rowTokens, !columnTokens, matrix.cols > columns.count, matrix.cols >= 4 * max(matrix.rows, 8),
            columns.upperBound <= matrix.cols
        else { return self }
        var out = self
        var m = Matrix(rows: matrix.rows, cols: columns.count)
        for i in 0..<matrix.rows {
            for (c, j) in columns.enumerated() { m[i, c] = matrix[i, j] }
        }
        out.matrix = m
        out.columnOffset = columns.lowerBound
        out.fullColumns = matrix.cols
        out.highlightColumns = nil
        return out
    }
}

/// Every intermediate of the trace, placed as the computation flows:
///
///            W_q → Q → scores → weights      output
///       X →  W_k → K ↗  mask ↗     ↓          ↑ W_o
///            W_v → V ─────────→ head h  →  concat
///
/// A decoder's layer reads X = norm(residual) (RMSNorm or LayerNorm) and, with RoPE, rotates Q
/// and K by position.
/// `group`: query heads per key/value head; W_k and W_v then have a key/value head's columns
/// for each group, and the selected head's group is outlined in them.
public func inspectorPanels(
    _ trace: AttentionTrace, head h: Int, decoder: DecoderArchitecture? = nil, group: Int = 1
) -> [MatrixPanel] {
    let rope = decoder?.usesRoPE == true
    // Qwen 3 and Gemma 3 normalize each head's q and k before they are rotated.
    let qkNorm = decoder?.normsQueriesAndKeys == true
    let dk = trace.dK
    let n = trace.tokenCount
    let slice = (h * dk)..<((h + 1) * dk)
    let g = max(1, group)
    let kvSlice = (h / g * dk)..<((h / g + 1) * dk)
    let first = h / g * g + 1
    let shared = g > 1 ? ["kv \(h / g + 1): heads \(first)–\(first + g - 1)", "kv \(h / g + 1)"] : []
    var mask = Matrix(rows: n, cols: n)
    for i in 0..<n { for j in 0..<n where trace.isMasked(query: i, key: j) { mask[i, j] = 1 } }
    let p = trace.projections
    let s = trace.settings
    let scale = s.scaleScores ? "/√d_k" : ""
    let temp = s.temperature == 1 ? "" : "/T"
    let hs = "h\(h + 1)"
    func panel(
        _ name: String, _ m: Matrix, _ kind: MatrixKind, rows: Bool, cols: Bool, slice: Range<Int>? = nil,
        _ formulas: [String], at c: Int, _ r: Int, from inputs: [String] = []
    ) -> MatrixPanel {
        MatrixPanel(
            name: name, matrix: m, kind: kind, rowTokens: rows, columnTokens: cols, highlightColumns: slice,
            formulas: formulas, column: c, row: r, inputs: inputs)
    }
    let panels = [
        panel(
            "X", trace.x, .signed, rows: true, cols: false,
            decoder.map { ["X = \($0.norm)(residual)", "X = \($0.norm)(x)", "X"] }
                ?? (s.positional ? ["X = embedding + position", "X = emb + pos", "X"] : ["X = embeddings", "X"]),
            at: 0, 1),
        panel("W_q", p.wq, .signed, rows: false, cols: false, slice: slice, ["W_q"], at: 1, 0, from: ["X"]),
        panel(
            "W_k", p.wk, .signed, rows: false, cols: false, slice: p.wk.cols == p.wq.cols ? slice : kvSlice,
            shared.map { "W_k · " + $0 } + ["W_k"], at: 1, 1, from: ["X"]),
        panel(
            "W_v", p.wv, .signed, rows: false, cols: false, slice: p.wv.cols == p.wq.cols ? slice : kvSlice,
            shared.map { "W_v · " + $0 } + ["W_v"], at: 1, 2, from: ["X"]),
        panel("W_o", p.wo, .signed, rows: false, cols: false, ["W_o"], at: 5, 1, from: ["concat"]),
        panel(
            "Q", trace.q, .signed, rows: true, cols: false, slice: slice,
            qkNorm
                ? ["Q = RoPE(norm(X·W_q))", "Q = RoPE(norm(XW_q))", "Q: normed, RoPE", "Q"]
                : rope ? ["Q = RoPE(X·W_q)", "Q = RoPE(XW_q)", "Q"] : ["Q = X·W_q", "Q"], at: 2, 0, from: ["W_q"]),
        panel(
            "K", trace.k, .signed, rows: true, cols: false, slice: slice,
            qkNorm
                ? ["K = RoPE(norm(X·W_k))", "K = RoPE(norm(XW_k))", "K: normed, RoPE", "K"]
                : rope ? ["K = RoPE(X·W_k)", "K = RoPE(XW_k)", "K"] : ["K = X·W_k", "K"], at: 2, 1, from: ["W_k"]),
        panel(
            "V", trace.v, .signed, rows: true, cols: false, slice: slice, ["V = X·W_v", "V"], at: 2, 2, from: ["W_v"]),
        panel(
            "scores \(hs)", trace.heads[h].scores, .signed, rows: true, cols: true,
            ["scores \(hs) = Q·Kᵀ\(scale)\(temp)", "\(hs): Q·Kᵀ\(scale)\(temp)", "scores \(hs)"], at: 3, 0,
            from: ["Q", "K"]),
        panel("mask", mask, .mask, rows: true, cols: true, ["mask: \(trace.appliedMask.label)", "mask"], at: 3, 1),
        panel(
            "weights \(hs)", trace.heads[h].weights, .weights, rows: true, cols: true,
            ["weights \(hs) = softmax", "softmax", "weights"], at: 4, 0, from: ["scores \(hs)", "mask"]),
        panel(
            "output \(hs)", trace.heads[h].output, .signed, rows: true, cols: false,
            ["head \(h + 1) = weights·V", "\(hs) = w·V", "head \(h + 1)"], at: 4, 2, from: ["weights \(hs)", "V"]),
        panel(
            "concat", trace.concat, .signed, rows: true, cols: false, slice: slice, ["concat(heads)", "concat"], at: 5,
            2,
            from: ["output \(hs)"]),
        panel(
            "output", trace.output, .signed, rows: true, cols: false, ["output = concat·W_o", "concat·W_o", "output"],
            at: 5, 0,
            from: ["W_o"]),
    ]
    return panels.map { $0.sliced(to: slice) }
}
