import AttentionCore
import Decoders

/// One moment of a lecture: what it changes (nil: left as it is), what it says, how it moves.
public struct Cue: Equatable, Sendable {
    public var title: String
    /// The line of the cue's header, for messages.
    public var line: Int
    /// The line each key of this cue was set on (errors found across keys name the key's line).
    public var keyLines: [String: Int] = [:]
    public var input: String?
    /// Typed out character by character after the cue applies (appended to the input).
    public var type: String?
    /// Characters per second of `type`.
    public var typingSpeed: Double?
    public var mode: TokenMode?
    public var dModel: Int?
    public var heads: Int?
    public var seed: UInt64?
    public var mask: MaskSpec?
    public var temperature: Float?
    public var scaled: Bool?
    public var positional: Bool?
    public var aggregation: HeadAggregation?
    public var view: ViewKind?
    public var theme: Theme?
    public var colormap: Colormap?
    public var colorScale: ColorScale?
    public var arcLayout: ArcLayout?
    public var fontScale: Float?
    public var zoom: Float?
    /// 1-based, as the audience counts them.
    public var query: Int?
    /// The looked-at view about this token (1-based): it opens unless the cue names a view.
    public var look: Int?
    /// `ablate_mode: mean`: knocked-out heads get their mean over the positions so far.
    public var ablateMean: Bool?
    /// `sort_heads:`: the model view's list of head scores by induction or previous-token score.
    public var scoreOrder: HeadScoreOrder?
    public var key: Int?
    /// Queries whose arcs alone are drawn (as Ctrl+click picks them); empty: every query.
    public var queries: [Int]?
    public var head: Int?
    public var layer: Int?
    public var hideSpecial: Bool?
    /// A trained model's folder (as the loader keyed it), or "none" for the seeded engine.
    public var model: String?
    public var caption: String?
    /// A decoder writes this many tokens, one at a time (as Ctrl+Enter).
    public var generate: Int?
    /// The decoder's sampling temperature (0: greedy), which the next-token bars show.
    public var sampleTemperature: Double?
    /// A decoder's heads knocked out from this cue on (`ablate: 5.3, 12.7`; `none` brings them back).
    public var knockout: HeadKnockout?
    /// `compare: freeze` freezes the picture as the previous cues left it as A (this cue's own
    /// changes become B); `compare: off` stops comparing.
    public var compare: Bool?
    /// Seconds the change animates (the morph, the view fade).
    public var transition: Double?
    /// Seconds a recording stays on this cue after it settles (record only).
    public var hold: Double?

    public init(title: String, line: Int) {
        self.title = title
        self.line = line
    }

    /// What `type:` adds after `text`, as a person types it: a space first when the text needs one.
    static func typing(_ typed: String, after text: String) -> String {
        !text.isEmpty && !(text.last?.isWhitespace ?? true) ? " " + typed : typed
    }
}
