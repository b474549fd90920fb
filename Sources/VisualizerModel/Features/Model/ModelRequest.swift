import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// Work too slow for one frame, handed to the shell as an effect and answered by an action.
public struct ModelRequest: Equatable, Sendable {
    /// Answers to older generations are stale and dropped.
    public var generation: Int
    public var text: String
    /// The layer to keep in full (0-based).
    public var layer: Int
    public var hideSpecial: Bool
    /// The model's key (`ModelInfo.key`).
    public var model: String = ""
    /// How a decoder's next-token bars are shaped (temperature, top-k, top-p).
    public var sampling = Sampling()
    /// A decoder that is writing: the draw for its next token.
    public var write: WriteStep?
    /// A decoder's own tokens for `text`, while it is the text it wrote.
    public var ids: [Int]?
    /// The logit lens is on screen: compute it too.
    public var lens = false
    /// A decoder's heads to knock out; with any, the untouched model's next tokens come too.
    public var knockout = HeadKnockout()
}
