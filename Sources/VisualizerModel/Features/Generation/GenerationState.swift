import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The decoder's writing: how the next token is chosen, and how many more it will write.
public struct GenerationState: Equatable, Sendable {
    public var sampling = Sampling()
    /// Seeds the draws, so a lecture replays the same words.
    public var seed: UInt64 = 0
    /// Tokens still to write (0: not writing).
    public var remaining = 0
    /// Tokens written since the writing began (the draw's step number).
    public var written = 0
    /// How many one Ctrl+Enter writes.
    public var batch = 16
    /// The current writing is Tab's one top token.
    public var greedyOnce = false
    /// The token the model wrote, held until the row of the one before has grown in.
    public var pending: Written?
    /// When `pending` joins the input.
    public var due: Double = 0
    /// The tokens of `idsText` as the model chose them (its writing is not tokenized again).
    public var ids: [Int] = []
    public var idsText: String?
    /// How each written token was drawn, by its position among the model's tokens: what the
    /// looked-at view says when a written token is hovered or selected.
    public var drawn: [Int: Draw] = [:]
    /// Seconds between written tokens: each new row grows in before the next comes.
    public static let pace: Double = 0.35

    public init() {}
}

extension Sampling {
    /// "greedy" or "T 0.7 · top-k 40 · top-p 0.9", for the panel.
    public var label: String {
        guard !isGreedy else { return "greedy (T 0: the top token)" }
        var parts = ["T \(temperatureText)"]
        if topK > 0 { parts.append("top-k \(topK)") }
        if topP < 1 { parts.append("top-p \((topP * 100).rounded() / 100)") }
        return parts.joined(separator: " · ")
    }

    var temperatureText: String {
        let r = (temperature * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The temperatures Ctrl+T steps through (0 is greedy).
    public static let temperatureSteps: [Double] = [0, 0.3, 0.7, 1, 1.5, 2]
}
