import AttentionCore

/// How the arcs view chooses and colours its arcs.
public struct ArcOptions: Equatable, Sendable {
    /// Arcs below this weight are not drawn.
    public var minWeight: Float = 0.1
    /// At most this many keys per query (0: no limit).
    public var topK: Int = 2
    /// Heads switched off in the legend.
    public var hiddenHeads: Set<Int> = []
    /// Show the average of the heads instead of the heads.
    public var average: Bool = false
    /// One line of tokens with arcs above it, or BertViz's two columns (queries left, keys right).
    public var layout: ArcLayout = .line
    public init() {}
}
