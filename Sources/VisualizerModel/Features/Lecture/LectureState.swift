import AttentionCore

/// A lecture: its cues (--cues), where it stands, and what a cue shows beside the picture.
public struct LectureState: Equatable, Sendable {
    /// The loaded cue script, or nil without a lecture.
    public var script: CueScript?
    /// The cue applied last (-1: none yet).
    public var index = -1
    /// With cues loaded the keyboard presents (Space, arrows, a number and Enter step the
    /// lecture; B or . blanks the screen) until the input line is clicked for typing; Esc
    /// gives the keys back to the lecture.
    public var presenting = false
    /// The screen is blanked (B or .), as a clicker's blank button does.
    public var blanked = false
    /// Digits typed towards "number + Enter" while presenting.
    public var cueNumber = ""
    public var caption: String?
    /// Text a cue is still typing out.
    public var typing: CueTyping?
    /// The state before the first cue: going back rebuilds from here.
    public var base: CueBase?
    /// The trained models a lecture may switch to (`model:` in a cue), by key.
    public var modelCatalog: [String: ModelInfo] = [:]
    /// The input as each cue stood when the lecture left it: stepping back shows a cue as it
    /// was shown (what a model wrote in it included) instead of writing again.
    public var shownText: [Int: String] = [:]
    /// The seeded engine's settings while a lecture shows a trained model (restored after).
    public var engineSettings: AttentionSettings?
    /// A jump paused at a cue that freezes a comparison, until the model's picture of the cues
    /// before it is in (A must be that picture, not the one before the jump).
    public var replay: CueReplay?

    public init() {}
}
