/// Durations of the animations, in seconds.
public enum Durations {
    /// Cells moving from old weights to new ones after a settings change.
    public static let morph: Double = 0.3
    /// A typed token's row and column growing in (or a deleted one shrinking out).
    public static let grow: Double = 0.25
    /// The opening animation: tokens grow in one after another within this time.
    public static let opening: Double = 0.9
    public static let openingStagger: Double = 0.08
    /// Switching views.
    public static let viewFade: Double = 0.25
    /// How long an on-screen message stays.
    public static let message: Double = 4
}
