/// How one written token was drawn: the class's "why that token?" answered with numbers (its
/// chance, where it stood, what else the model weighed at that step).
public struct Draw: Equatable, Sendable {
    public var id: Int
    /// Its chance under the sampling that drew it; greedy shows the model's own (T 1), since
    /// greedy's own answer is always 100 %.
    public var probability: Double
    /// Where it stood among every token by the model's own logits: 1 for the most likely.
    public var rank: Int
    /// The model's most likely tokens at that step, in its own chances (T 1).
    public var top: [Candidate]
    /// `top`'s tokens as a lecturer reads them (␣ for a space), when the writer named them.
    public var topTexts: [String] = []

    /// The draw of `id` from a row of logits, with the `alternatives` most likely tokens.
    public init(id: Int, logits: [Float], sampling: Sampling, alternatives: Int = 5) {
        self.id = id
        probability = NextToken.probability(of: id, logits, sampling: sampling.isGreedy ? Sampling() : sampling)
        rank = NextToken.rank(of: id, logits)
        top = NextToken.top(logits, count: alternatives)
    }
}
