/// The explanation view's own state: the side-by-side comparison and the walk between keys.
public struct ExplainState: Equatable, Sendable {
    /// The explanation compares scaled with unscaled scores.
    public var comparesScaling = false
    /// When the explained key last changed, and from which key (the walk animates).
    public var keyChangedAt: Double = -100
    public var previousKey = 0

    public init() {}
}
