import AttentionCore

/// Text a cue types out, one character every 1/speed seconds from `start`.
public struct CueTyping: Equatable, Sendable {
    public var text: [Character]
    public var typed: Int
    public var speed: Double
    public var start: Double
}
