import AttentionCore
import Decoders

/// What Ctrl+F froze: the settled heatmaps and a line saying what they were.
public struct CompareSnapshot: Equatable, Sendable {
    public var frame: DisplayFrame
    /// The settings one by one, to title A and B by what differs.
    public var parts: [String]
    /// The text A was made from, and (a decoder) what it would write next: a comparison of two
    /// prompts titles each by its own words and pairs their next tokens.
    public var input: String = ""
    public var nextTokens: [NextTokenBar]?
    public var label: String { parts.joined(separator: " · ") }
}
