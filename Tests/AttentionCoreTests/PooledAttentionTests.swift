import TestSupport
import Testing

@testable import AttentionCore

@Suite("Pooled overview")
struct PooledAttentionTests {
    static func text(_ n: Int, numbers: Bool = false) -> String {
        (0..<n).map { numbers ? "\($0 % 13 - 6)" : "w\($0 % 41)" }.joined(separator: " ")
    }

    /// Block maxima of an n × n matrix (the definition, independent of the engine's code).
    static func blockMax(_ w: Matrix, f: Int) -> [Float] {
        let n = w.rows
        let m = (n + f - 1) / f
        var out = [Float](repeating: 0, count: m * m)
        for i in 0..<n { for j in 0..<n { out[(i / f) * m + j / f] = max(out[(i / f) * m + j / f], w[i, j]) } }
        return out
    }

    @Test(
        "bit-identical to pooling the full trace, under every mask, head count and what-if",
        arguments: [
            (257, "none", 4, HeadAggregation.mean), (300, "causal", 1, .mean), (513, "padding:5", 2, .max),
            (700, "window:7+padding:3", 8, .mean), (1030, "causal+window:4", 4, .max),
            (600, "causal+padding:9", 16, .mean),
        ])
    func matchesFullTrace(_ n: Int, _ mask: String, _ heads: Int, _ how: HeadAggregation) throws {
        for (temperature, scaled, positional, numbers) in [(Float(1), true, false, false), (0.5, false, true, true)] {
            var s = AttentionSettings(
                dModel: 16, heads: heads, seed: 9, mask: try #require(MaskSpec.parse(mask)), positional: positional,
                temperature: temperature, scaleScores: scaled, aggregation: how)
            s.mask = try #require(MaskSpec.parse(mask))
            let tokenization = try Tokenizer.tokenize(Self.text(n, numbers: numbers), mode: .auto).get()
            let full = try AttentionEngine.run(tokenization: tokenization, settings: s).get()
            let f = (n + 255) / 256
            let p = try #require(AttentionEngine.pooled(tokenization: tokenization, settings: s, pool: f)).get()
            #expect(p.blocks == (n + f - 1) / f)
            for h in 0..<heads {
                #expect(p.heads[h] == Self.blockMax(full.heads[h].weights, f: f), "n \(n) \(mask) head \(h)")
            }
            #expect(p.summary == Self.blockMax(full.average, f: f), "n \(n) \(mask) summary")
        }
    }

    @Test("a cancelled pass stops and says so (nil), the overview and the full trace alike")
    func cancels() throws {
        let tokenization = try Tokenizer.tokenize(Self.text(600), mode: .words).get()
        #expect(
            AttentionEngine.pooled(tokenization: tokenization, settings: .lecture, pool: 3, cancelled: { true }) == nil)
        #expect(AttentionEngine.run(tokenization: tokenization, settings: .lecture, cancelled: { true }) == nil)
        #expect(AttentionEngine.run(tokenization: tokenization, settings: .lecture, cancelled: { false }) != nil)
    }

    @Test("settings the engine refuses are refused by the overview too")
    func refuses() throws {
        let tokenization = try Tokenizer.tokenize(Self.text(300), mode: .words).get()
        var s = AttentionSettings.lecture
        s.heads = 3
        guard case .failure? = AttentionEngine.pooled(tokenization: tokenization, settings: s, pool: 2) else {
            Issue.record("heads 3 of d_model 16 accepted")
            return
        }
    }
}
