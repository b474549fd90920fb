import AttentionCore

/// What Ctrl+F froze: the settled heatmaps and a line saying what they were.
public struct CompareSnapshot: Equatable, Sendable {
    public var frame: DisplayFrame
    /// The settings one by one, to title A and B by what differs.
    public var parts: [String]
    public var label: String { parts.joined(separator: " · ") }
}
