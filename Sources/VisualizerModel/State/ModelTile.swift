import AttentionCore

/// The tiles of one row of the model view.
public enum ModelTile: Equatable, Sendable {
    case average, rollout
    case head(Int)
}
