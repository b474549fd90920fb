import AttentionCore

/// How the arcs view places its tokens.
public enum ArcLayout: String, Equatable, Sendable, CaseIterable {
    /// Tokens on one line, arcs above: compact, readable up to about a dozen tokens.
    case line
    /// Queries in a column on the left, keys on the right, straight lines between (BertViz).
    case columns
}
