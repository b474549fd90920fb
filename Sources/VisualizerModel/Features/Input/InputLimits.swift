/// Limits that keep a live session responsive whatever is typed or pasted.
public enum InputLimits {
    /// Characters of input kept; beyond it, typing is refused with a message (nothing is dropped).
    public static let maxCharacters = 200_000
    public static let maxDModel = 512
}
