import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The shell's answer to a `ModelRequest`.
public struct ModelResult: Equatable, Sendable {
    public var generation: Int
    /// The model that answered: an answer for a model a lecture has since left is dropped.
    public var model: String = ""
    public var outcome: Outcome

    public init(generation: Int, model: String = "", outcome: Outcome) {
        self.generation = generation
        self.model = model
        self.outcome = outcome
    }

    public enum Outcome: Equatable, Sendable {
        case computed(ModelOutput)
        case failed(String)
    }
}
