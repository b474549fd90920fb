/// Compare mode (Ctrl+F): a frozen picture A that the heatmaps show beside B and B − A.
public struct CompareState: Equatable, Sendable {
    /// The frozen picture, or nil when not comparing.
    public var frozen: CompareSnapshot?

    public init() {}
}
