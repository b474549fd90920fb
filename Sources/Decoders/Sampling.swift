import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

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
        distribution(logits, sampling, limit: count)
    }

    /// The tokens that keep a probability, most likely first: the first `limit` of them (all
    /// when top-p must see the order). Probabilities are over everything the filters keep.
    static func distribution(_ logits: [Float], _ s: Sampling, limit: Int = Int.max) -> [Candidate] {
        guard !logits.isEmpty else { return [] }
        let t = s.isGreedy ? 1 : s.temperature
        let kept = s.topK > 0 ? min(s.topK, logits.count) : logits.count
        // Only top-p needs the order beyond what is shown; the sum needs every kept token.
        let shown = s.topP < 1 ? kept : min(kept, limit)
        let order = best(logits, shown)
        let maxLogit = Double(logits[order[0]])
        var sum = 0.0
        if kept == logits.count {
            for l in logits { sum += exp((Double(l) - maxLogit) / t) }
        } else {
            for i in order.prefix(kept) { sum += exp((Double(logits[i]) - maxLogit) / t) }
        }
        var weights = order.map { exp((Double(logits[$0]) - maxLogit) / t) }
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
        return weights.prefix(limit).enumerated().map { i, w in
            Candidate(id: order[i], logit: logits[order[i]], probability: w / sum)
        }
    }

    /// Where `id` stands among every token by the model's own logits: 1 for the most likely,
    /// ties by lower id (as `top` orders them).
    public static func rank(of id: Int, _ logits: [Float]) -> Int {
        logits.withUnsafeBufferPointer { rank(of: id, $0) }
    }

    /// `rank(of:_:)` over a row of logits where it lies (the logit lens's rows).
    public static func rank(of id: Int, _ logits: UnsafeBufferPointer<Float>) -> Int {
        guard (0..<logits.count).contains(id) else { return logits.count + 1 }
        let x = logits[id]
        var above = 0
        for (i, v) in logits.enumerated() where v > x || (v == x && i < id) { above += 1 }
        return above + 1
    }

    /// The probability `sampling` gives one token (0 when a filter drops it).
    public static func probability(of id: Int, _ logits: [Float], sampling: Sampling) -> Double {
        guard sampling.topK == 0 && sampling.topP >= 1 else {
            return distribution(logits, sampling).first { $0.id == id }?.probability ?? 0
        }
        guard (0..<logits.count).contains(id), let m = logits.max() else { return 0 }
        let t = sampling.isGreedy ? 1 : sampling.temperature
        let sum = logits.reduce(0.0) { $0 + exp((Double($1) - Double(m)) / t) }
        return exp((Double(logits[id]) - Double(m)) / t) / sum
    }

    /// The ids of the `k` largest logits, largest first, ties to the lower id: one pass with a
    /// small sorted list when k is small (the bars want 10 of 49,152), a sort otherwise.
    static func best(_ logits: [Float], _ k: Int) -> [Int] {
        func before(_ a: Int, _ b: Int) -> Bool { logits[a] != logits[b] ? logits[a] > logits[b] : a < b }
        guard k <= 64 else { return logits.indices.sorted(by: before).prefix(k).map { $0 } }
        var top: [Int] = []
        top.reserveCapacity(k + 1)
        for i in logits.indices {
            if top.count == k, let last = top.last, !before(i, last) { continue }
            var at = top.count
            while at > 0 && before(i, top[at - 1]) { at -= 1 }
            top.insert(i, at: at)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    /// The next token: the most likely when greedy, else a draw seeded by `seed` and `step`, so
    /// a lecture replays the same words.
    public static func choose(_ logits: [Float], sampling: Sampling, seed: UInt64, step: Int) -> Int {
        if sampling.isGreedy { return best(logits, 1).first ?? 0 }
        let d = distribution(logits, sampling)
        guard let firstID = d.first?.id else { return 0 }
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
