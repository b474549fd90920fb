import AttentionCore

/// What weight the top of the colour scale means.
public enum ColorScale: String, Equatable, Sendable, CaseIterable {
    /// The largest weight on screen, rounded up to a tenth: faint patterns stay visible.
    case auto
    /// Always 0 to 1: a flatter softmax looks flatter (compare temperatures, models, heads).
    case fixed
}
