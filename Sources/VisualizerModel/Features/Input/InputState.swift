import AttentionCore

/// The text being visualized and how it is read: what the input line shows and edits.
public struct InputState: Equatable, Sendable {
    public var text: String
    /// Words, numbers, or decided per input (auto).
    public var mode: TokenMode
    /// Text removed by the last clear or word delete, restored by Ctrl+Z: nothing typed is lost.
    public var undoText: String?
    /// The blinking caret after the input; off in `render` frames (a still has no cursor).
    public var showsCaret = true

    public init(text: String, mode: TokenMode = .auto) {
        self.text = text
        self.mode = mode
    }
}
