import AttentionCore

/// What cues start from (the command line's settings), so any cue can be reached directly.
public struct CueBase: Equatable, Sendable {
    public var input: String
    public var mode: TokenMode
    public var settings: AttentionSettings
    public var view: ViewKind
    public var theme: Theme
    public var colormap: Colormap
    public var colorScale: ColorScale
    public var arcs: ArcOptions
    public var fontScale: Float
    public var selection: AppState.Selection
    public var layer: Int?
    public var hideSpecial: Bool?
    public var modelInfo: ModelInfo?
}
