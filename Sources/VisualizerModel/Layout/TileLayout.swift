import AttentionCore

/// One heatmap tile: the summary (head nil) or one head.
public struct TileLayout: Equatable, Sendable {
    public var head: Int?
    public var rect: Rect
    /// The square area of the cells.
    public var grid: Rect
    public var titleRect: Rect
    /// The summary's line under its title for notes (overview, zoom, thinned labels); empty for heads.
    public var noteRect: Rect
    public var showLabels: Bool
    public var labelSize: Float
}
