import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The app's side of a trained model: which layer is inspected, what was asked and answered.
public struct ModelSession: Equatable, Sendable {
    public var info: ModelInfo
    /// The inspected layer, 0-based.
    public var layer: Int
    /// Hide [CLS] and [SEP] rows and columns and renormalize what remains.
    public var hideSpecial: Bool
    /// For a ' ||| ' pair: which sentence's queries and keys the heatmaps and arcs show.
    public var pairFilter: PairFilter = .all
    public var generation: Int = 0
    /// Whether an answer to the newest request is still outstanding.
    public var computing = false
    /// A decoder's heads knocked out of the forward: their outputs never reach the residual.
    public var knockout = HeadKnockout()
    /// The model view's list of head scores: by induction or by previous-token score.
    public var scoreOrder: HeadScoreOrder = .induction
    public var output: ModelOutput?
    /// The model view's tiles before the latest answer, and when it came: the view cross-fades.
    public var previousOverview: ModelOverview?
    public var answeredAt: Double = -100

    public init(info: ModelInfo, layer: Int = 0, hideSpecial: Bool = false) {
        self.info = info
        self.layer = max(0, min(layer, info.layers - 1))
        self.hideSpecial = hideSpecial
    }
}
