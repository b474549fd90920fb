import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// Everything the views need from one forward pass, prepared off the main thread.
public struct ModelOutput: Equatable, Sendable {
    /// The model's own numbers, every token included.
    public var trace: ModelTrace
    /// The inspected layer as the heatmaps, arcs, inspector and explanation views show it
    /// (without [CLS]/[SEP] and renormalized when they are hidden).
    public var shown: AttentionTrace
    /// Positions (in `trace`) of the tokens shown.
    public var kept: [Int]
    /// What each head does on this input, [layer][head] (judged with every token present).
    public var patterns: [[HeadPattern]]
    public var overview: ModelOverview
    /// A decoder's most likely next tokens after the last one, most likely first.
    public var nextTokens: [NextTokenBar]?
    /// What the decoder wrote after this input, when the request asked it to write.
    public var written: Written?
    /// A decoder's logit lens, when the lens view asked for it.
    public var lens: LogitLens?
    /// Each head's induction and previous-token scores on this input (a decoder's).
    public var headScores: HeadScores?
    /// With heads knocked out: the untouched model's next tokens, for before → after.
    public var nextTokensBefore: [NextTokenBar]?
    /// With heads knocked out: tokens of the untouched top 10 that left it.
    public var movers: [NextTokenMove] = []

    public init(
        trace: ModelTrace, shown: AttentionTrace, kept: [Int], patterns: [[HeadPattern]], overview: ModelOverview
    ) {
        self.trace = trace
        self.shown = shown
        self.kept = kept
        self.patterns = patterns
        self.overview = overview
    }

    /// Sentence (0: A, 1: B) of each shown token; all 0 for a single sentence.
    public var segments: [Int] { kept.map { trace.encoding.types[$0] } }
    public var isPair: Bool { trace.encoding.isPair }
}
