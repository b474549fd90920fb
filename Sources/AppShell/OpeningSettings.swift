import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers
import VisualizerModel

/// What the command line asks the app to open with, already parsed into values (the executable
/// parses the flags; `OpeningState` checks these against the model and builds the state).
public struct OpeningSettings: Equatable, Sendable {
    public var input: String
    public var mode: TokenMode = .auto
    public var settings: AttentionSettings = .lecture
    public var view: ViewKind = .heatmaps
    public var theme: Theme = .dark
    public var colormap: Colormap = .viridis
    public var colorScale: ColorScale = .auto
    public var width = 1280
    public var height = 720
    public var fontScale: Float = 1
    public var arcThreshold: Float = 0.1
    public var arcTopK = 2
    public var arcLayout: ArcLayout = .line
    /// The inspected layer and head, 1-based as the user counts them.
    public var layer = 1
    public var head = 1
    /// `--look N`: the looked-at view's token (1-based), its bars of `head` when given, else the average.
    public var look: Int?
    public var lookHead = false
    public var hideSpecial = false
    public var pairFilter: PairFilter = .all
    /// The trained model's folder or file, as given (it keys the model in a lecture's catalog).
    public var modelPath: String?
    /// A decoder's next-token sampling (the bars show it; Ctrl+Enter draws from it).
    public var sampling: Sampling?
    /// A decoder: wrap the input in the model's chat template, ready for its answer.
    public var chat = false

    public init(input: String) {
        self.input = input
    }
}

/// A setting the model or the engine cannot open with, in one line (the executable adds the
/// usage hint and exits 2).
public struct OpeningError: Error, Equatable, CustomStringConvertible {
    public let description: String
}
