import AttentionCore
import Foundation

/// How the next token is chosen: greedy by default; temperature, top-k and top-p reshape the
/// distribution the bars show, and a seeded draw picks from it.
public struct Sampling: Equatable, Sendable {
    public var temperature: Double = 0
    public var topK: Int = 0
    public var topP: Double = 1

    public init(temperature: Double = 0, topK: Int = 0, topP: Double = 1) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    public var isGreedy: Bool { temperature <= 0 }
}

/// One candidate next token.
public struct Candidate: Equatable, Sendable {
    public var id: Int
    public var logit: Float
    /// Probability after temperature and the filters (0 for a filtered-out token).
    public var probability: Double
}

public enum NextToken {
    /// The `count` most likely tokens under `sampling` (greedy shows temperature 1, unfiltered,
    /// so the bars still say how sure the model is), most likely first; ties by lower id.
    public static func top(_ logits: [Float], count: Int, sampling: Sampling = Sampling()) -> [Candidate] {
        distribution(logits, sampling).prefix(count).map { $0 }
    }

    /// Every token that keeps a probability, most likely first.
    static func distribution(_ logits: [Float], _ s: Sampling) -> [Candidate] {
        guard !logits.isEmpty else { return [] }
        let t = s.isGreedy ? 1 : s.temperature
        // Top-k sorts only what it keeps; top-p and the bars need the head of the order.
        let keep = s.topK > 0 ? min(s.topK, logits.count) : logits.count
        let order = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        let maxLogit = Double(logits[order[0]])
        var weights = order.prefix(keep).map { exp((Double(logits[$0]) - maxLogit) / t) }
        var sum = weights.reduce(0, +)
        if s.topP < 1 {
            var running = 0.0
            var cut = weights.count
            for (i, w) in weights.enumerated() {
                running += w / sum
                if running >= s.topP {
                    cut = i + 1
                    break
                }
            }
            weights = Array(weights.prefix(cut))
            sum = weights.reduce(0, +)
        }
        return weights.enumerated().map { i, w in Candidate(id: order[i], logit: logits[order[i]], probability: w / sum)
        }
    }

    /// The next token: the most likely when greedy, else a draw seeded by `seed` and `step`, so
    /// a lecture replays the same words.
    public static func choose(_ logits: [Float], sampling: Sampling, seed: UInt64, step: Int) -> Int {
        let d = distribution(logits, sampling.isGreedy ? Sampling(temperature: 0, topK: 1) : sampling)
        guard let firstID = d.first?.id else { return 0 }
        if sampling.isGreedy { return firstID }
        var r = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: step) &* 0x9E37_79B9_7F4A_7C15)
        let u = Double(r.next() >> 11) / Double(1 << 53)
        var running = 0.0
        for c in d {
            running += c.probability
            if u < running { return c.id }
        }
        return d.last?.id ?? firstID
    }
}
