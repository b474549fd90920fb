import AttentionCore

/// What the pointer is over.
public enum HoverTarget: Equatable, Sendable {
    /// A heatmap cell; `head` nil is the summary tile.
    case cell(head: Int?, query: Int, key: Int)
    /// A token in the arcs view (a query, in the two-column layout).
    case token(Int)
    /// A key in the right column of the two-column arcs layout.
    case keyToken(Int)
    /// A head swatch in the arcs legend; nil is the average.
    case swatch(Int?)
    /// A cell of a matrix in the inspector.
    case matrixCell(matrix: String, row: Int, column: Int)
    /// A tile of the model view.
    case modelTile(layer: Int, tile: ModelTile)
    /// A cell of the logit lens: its row (a layer shown) and column (a position shown).
    case lensCell(row: Int, column: Int)
    /// A token of the looked-at view (`count` past the last: a decoder's next token).
    case lookToken(Int)
    /// A column header of the model view's head scores: a click sorts by it.
    case scoreHeader(HeadScoreOrder)
}
