import AttentionCore

/// A line of feedback at the bottom of the window.
public struct Message: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    /// Time (state.time) after which it is gone.
    public var until: Double
}
