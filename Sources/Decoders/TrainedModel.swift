import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// A trained model the window can show: an encoder (a BERT folder) or a decoder (a llama-family
/// GGUF file). The views see both through `ModelTrace`; a decoder adds its next-token guesses.
public enum TrainedModel: Sendable {
    case encoder(EncoderModel)
    case decoder(DecoderModel)

    public var name: String {
        switch self {
        case .encoder(let m): return m.name
        case .decoder(let m): return m.name
        }
    }

    public var layers: Int {
        switch self {
        case .encoder(let m): return m.config.layers
        case .decoder(let m): return m.config.layers
        }
    }

    public var heads: Int {
        switch self {
        case .encoder(let m): return m.config.heads
        case .decoder(let m): return m.config.heads
        }
    }

    /// Key/value heads (a decoder's query heads share them in groups); `heads` for an encoder.
    public var kvHeads: Int {
        switch self {
        case .encoder(let m): return m.config.heads
        case .decoder(let m): return m.config.kvHeads
        }
    }

    public var hidden: Int {
        switch self {
        case .encoder(let m): return m.config.hiddenSize
        case .decoder(let m): return m.config.hiddenSize
        }
    }

    public var maxTokens: Int {
        switch self {
        case .encoder(let m): return m.config.maxPositions
        case .decoder(let m): return m.config.contextLength
        }
    }

    public var isDecoder: Bool {
        if case .decoder = self { return true }
        return false
    }

    /// Token count of `text`, or why the model cannot read it.
    public func check(_ text: String) -> Result<Int, ModelError> {
        switch self {
        case .encoder(let m): return m.encode(text).map(\.count)
        case .decoder(let m): return m.encode(text).map(\.count)
        }
    }

    /// One pass over `text` with layer `inspect` kept whole; a decoder's top next tokens too,
    /// and, when `write` asks, the token it writes next.
    ///
    /// `ids`, when given, are a decoder's tokens for `text` as it wrote them: text it wrote,
    /// tokenized again, can split differently ("\n" then "\n" comes back as "\n\n"), and the
    /// writing must go on from the tokens it chose, as `generate` does.
    public func run(
        _ text: String, ids: [Int]? = nil, inspect: Int, sampling: Sampling = Sampling(), write: WriteStep? = nil,
        lens: Bool = false, knockout: HeadKnockout = HeadKnockout(), unless cancelled: () -> Bool = { false }
    ) -> Result<ModelAnswer, ModelError> {
        switch self {
        case .encoder(let m):
            return m.encode(text).map { ModelAnswer(trace: m.forward($0, inspect: inspect)) }
        case .decoder(let m):
            let given = ids.flatMap { ids -> [Int]? in
                ids.allSatisfy { (0..<m.config.vocabSize).contains($0) } ? ids : nil
            }
            let encoded = given.map { ids in
                ids.count <= m.config.contextLength
                    ? Result<[Int], ModelError>.success(ids)
                    : .failure(.contextTooLong(count: ids.count, limit: m.config.contextLength))
            }
            return (encoded ?? m.encode(text)).flatMap { ids in
                guard !ids.isEmpty else { return .failure(.emptyInput) }
                guard let s = m.state(for: ids, inspect: inspect, knockout: knockout, unless: cancelled) else {
                    return .failure(.superseded)
                }
                var answer = ModelAnswer(trace: m.trace(s))
                answer.next = m.nextTokens(s, sampling: sampling)
                if !knockout.isEmpty {
                    // The same tokens' chances in the untouched model: before → after.
                    guard let plain = m.plainLogits(ids, unless: cancelled) else { return .failure(.superseded) }
                    answer.nextBefore = answer.next?.map { bar in
                        let p = NextToken.probability(of: bar.id, plain, sampling: sampling)
                        return NextTokenBar(id: bar.id, text: bar.text, probability: p, modelProbability: p)
                    }
                    answer.movers = m.movers(
                        before: plain, after: s.logits, shown: answer.next ?? [], sampling: sampling)
                }
                if lens { answer.lens = m.logitLens(s) }
                if let write {
                    answer.written = m.write(after: s, sampling: write.greedy ? Sampling() : sampling, write)
                }
                return .success(answer)
            }
        }
    }
}

extension DecoderModel {
    /// The untouched model's top 10 that a knock-out pushed out of the top 10 (" river", 71 %,
    /// when the induction heads are out), at most `count`, the biggest fall first.
    func movers(before: [Float], after: [Float], shown: [NextTokenBar], sampling: Sampling, count: Int = 2)
        -> [NextTokenMove]
    {
        let kept = Set(shown.map(\.id))
        let gone = NextToken.top(before, count: 10).filter { !kept.contains($0.id) }
        let rows = gone.map { c -> NextTokenMove in
            let text = tokenizer.readable(c.id)
            let p0 = NextToken.probability(of: c.id, before, sampling: sampling)
            let p1 = NextToken.probability(of: c.id, after, sampling: sampling)
            return NextTokenMove(
                before: NextTokenBar(id: c.id, text: text, probability: p0, modelProbability: p0),
                after: NextTokenBar(id: c.id, text: text, probability: p1, modelProbability: p1))
        }
        return Array(
            rows.sorted {
                ($0.before.probability - $0.after.probability) > ($1.before.probability - $1.after.probability)
            }
            .prefix(count))
    }
}

/// A token a knock-out moved: its chance in the untouched model and with the heads out.
public struct NextTokenMove: Equatable, Sendable {
    public var before: NextTokenBar
    public var after: NextTokenBar
}

/// What one pass gives the views.
public struct ModelAnswer: Sendable {
    public var trace: ModelTrace
    public var next: [NextTokenBar]?
    /// With heads knocked out: the untouched model's chances of the same tokens, in the same order.
    public var nextBefore: [NextTokenBar]?
    /// With heads knocked out: the untouched model's likeliest tokens that left the top 10, as
    /// (before, after), the biggest fall first.
    public var movers: [NextTokenMove] = []
    public var written: Written?
    public var lens: LogitLens?

    public init(trace: ModelTrace) { self.trace = trace }
}

/// Which draw the model makes when it writes a token.
public struct WriteStep: Equatable, Sendable {
    public var seed: UInt64
    public var step: Int
    /// Tab takes the top token whatever the sampling.
    public var greedy: Bool

    public init(seed: UInt64, step: Int, greedy: Bool) {
        self.seed = seed
        self.step = step
        self.greedy = greedy
    }
}

/// The text a decoder wrote: whole characters (a character split over several tokens comes
/// as one), or the end of its text.
public struct Written: Equatable, Sendable {
    public var text: String
    public var ended: Bool
    /// The tokens it chose.
    public var ids: [Int]
    /// How each of `ids` was drawn, in order.
    public var draws: [Draw]

    public init(text: String, ended: Bool, ids: [Int] = [], draws: [Draw] = []) {
        self.text = text
        self.ended = ended
        self.ids = ids
        self.draws = draws
    }
}

extension DecoderModel {
    /// The next token after `s`, and as many more as it takes to finish a character (an emoji
    /// is often three tokens), at most four.
    func write(after s: DecoderState, sampling: Sampling, _ w: WriteStep) -> Written {
        var state = s
        var bytes: [UInt8] = []
        var ids: [Int] = []
        var draws: [Draw] = []
        for extra in 0..<4 {
            let id = NextToken.choose(state.logits, sampling: sampling, seed: w.seed, step: w.step + extra)
            if tokenizer.endsText(id) { return Written(text: "", ended: bytes.isEmpty, ids: ids, draws: draws) }
            bytes += tokenizer.bytes(id)
            ids.append(id)
            var draw = Draw(id: id, logits: state.logits, sampling: sampling)
            draw.topTexts = draw.top.map { tokenizer.readable($0.id) }
            draws.append(draw)
            if let text = String(validating: bytes, as: UTF8.self) {
                return Written(text: text, ended: false, ids: ids, draws: draws)
            }
            append([id], to: &state)
        }
        return Written(text: String(decoding: bytes, as: UTF8.self), ended: false, ids: ids, draws: draws)
    }
}
