import TestSupport
import Testing

@testable import AttentionCore

@Suite("Attention engine")
struct AttentionEngineTests {
    static let sentence = "the quick brown fox jumps over the lazy dog"

    func trace(_ text: String = sentence, mode: TokenMode = .auto, _ settings: AttentionSettings = .lecture) throws
        -> AttentionTrace
    {
        try AttentionEngine.run(text: text, mode: mode, settings: settings).get()
    }

    @Test("every row of weights sums to 1, in every head and under every mask that leaves it a key")
    func rowsSumToOne() throws {
        for mask in ["none", "causal", "padding:3", "causal+padding:2", "window:2", "causal+window:3+padding:1"] {
            var s = AttentionSettings.lecture
            s.mask = try #require(MaskSpec.parse(mask))
            let t = try trace(Self.sentence, s)
            for head in t.heads {
                for i in 0..<t.tokenCount {
                    let sum = head.weights.row(i).reduce(0, +)
                    #expect(approxEqual(sum, 1, tolerance: 1e-5), "mask \(mask) row \(i) sums to \(sum)")
                }
            }
        }
    }

    @Test("the mask is what the README says: j not PAD, j ≤ i when causal, |i − j| < W with a window")
    func maskDefinition() {
        for n in 1...9 {
            for causal in [false, true] {
                for p in 0...n {
                    for w in 0...(n + 1) {
                        let spec = MaskSpec(causal: causal, padding: p, window: w)
                        let pad = min(p, n - 1)
                        for i in 0..<n {
                            let expected = (0..<n).filter { j in
                                j < n - pad && (!causal || j <= i) && (w == 0 || abs(i - j) < w)
                            }
                            let got = Array(spec.visibleKeys(query: i, tokenCount: n))
                            #expect(got == expected, "n \(n) causal \(causal) p \(p) w \(w) query \(i)")
                        }
                    }
                }
            }
        }
    }

    @Test("a PAD query whose window holds only PAD attends to nothing: weights and output 0, never NaN")
    func windowOfPad() throws {
        var s = AttentionSettings.lecture
        s.mask = MaskSpec(causal: false, padding: 4, window: 2)
        let t = try trace("a b c d e f g h", mode: .words, s)
        // Keys 4…7 are PAD; query 7's window is {6, 7}: all PAD.
        for head in t.heads {
            #expect(head.weights.row(7).allSatisfyNonEmpty { $0 == 0 })
            #expect(head.output.row(7).allSatisfyNonEmpty { $0 == 0 })
            // Query 4's window {3, 4, 5} still holds key 3: it puts all its weight there.
            #expect(head.weights[4, 3] == 1)
        }
        #expect(t.output.storage.allSatisfyNonEmpty { $0.isFinite })
    }

    @Test("causal weights are lower-triangular with exact zeros above the diagonal")
    func causal() throws {
        var s = AttentionSettings.lecture
        s.mask = MaskSpec(causal: true, padding: 0)
        let t = try trace(Self.sentence, s)
        for head in t.heads {
            for i in 0..<t.tokenCount {
                for j in 0..<t.tokenCount {
                    if j > i { #expect(head.weights[i, j] == 0) } else { #expect(head.weights[i, j] > 0) }
                }
            }
        }
    }

    @Test("padding zeroes the last p key columns for every query, and p is clamped to n - 1")
    func padding() throws {
        var s = AttentionSettings.lecture
        s.mask = MaskSpec(causal: false, padding: 3)
        let t = try trace(Self.sentence, s)
        #expect(t.effectivePadding == 3)
        for head in t.heads {
            for i in 0..<t.tokenCount {
                for j in (t.tokenCount - 3)..<t.tokenCount { #expect(head.weights[i, j] == 0) }
            }
        }
        s.mask.padding = 100
        let clamped = try trace("a b c", s)
        #expect(clamped.effectivePadding == 2)
        for head in clamped.heads {
            for i in 0..<3 { #expect(head.weights[i, 0] == 1) }
        }
    }

    @Test("causal and padding together mask the union")
    func causalPadding() throws {
        var s = AttentionSettings.lecture
        s.mask = MaskSpec(causal: true, padding: 2)
        let t = try trace(Self.sentence, s)
        let n = t.tokenCount
        for head in t.heads {
            for i in 0..<n {
                for j in 0..<n where j > i || j >= n - 2 { #expect(head.weights[i, j] == 0) }
            }
        }
    }

    @Test("a hand-worked 2-token example gives the exact numbers")
    func handWorked() {
        // X = I₂, all projections I₂, one head: Q = K = V = I, scores = I/√2.
        let identity = Matrix([[1, 0], [0, 1]])
        let p = Projections(wq: identity, wk: identity, wv: identity, wo: identity)
        let settings = AttentionSettings(dModel: 2, heads: 1, seed: 0, mask: .none, positional: false)
        let t = AttentionEngine.forward(
            tokens: ["a", "b"], mode: .words, x: identity, projections: p, settings: settings)
        let s = Float(1 / 2.0.squareRoot())
        #expect(t.heads[0].scores == Matrix([[s, 0], [0, s]]))
        // softmax(0.70710678, 0) = (e^0.7071/(e^0.7071 + 1), 1/(e^0.7071 + 1)) = (0.66976155, 0.33023845)
        let expected: [Float] = [0.669_761_55, 0.330_238_45, 0.330_238_45, 0.669_761_55]
        #expect(maxAbsDifference(t.heads[0].weights.storage, expected) < 2e-7)
        #expect(maxAbsDifference(t.output.storage, expected) < 2e-7)
        // causal: the first query sees only itself.
        var causal = settings
        causal.mask = MaskSpec(causal: true, padding: 0)
        let c = AttentionEngine.forward(
            tokens: ["a", "b"], mode: .words, x: identity, projections: p, settings: causal)
        #expect(c.heads[0].weights.storage[0...1] == [1, 0])
    }

    @Test("two heads split the columns: head h uses [h·d_k, (h+1)·d_k)")
    func headSlices() throws {
        var s = AttentionSettings.lecture
        s.heads = 2
        let t = try trace(Self.sentence, s)
        let dk = s.dK
        for h in 0..<2 {
            let qh = t.q.columns(h * dk, count: dk)
            let kh = t.k.columns(h * dk, count: dk)
            for i in 0..<t.tokenCount {
                for j in 0..<t.tokenCount {
                    var dot: Float = 0
                    for c in 0..<dk { dot += qh[i, c] * kh[j, c] }
                    let expected = dot / Float(dk).squareRoot()
                    #expect(approxEqual(t.heads[h].scores[i, j], expected, tolerance: 1e-4))
                }
            }
            #expect(t.heads[h].output == t.concat.columns(h * dk, count: dk))
        }
        var avg = t.heads[0].weights.storage
        for i in avg.indices { avg[i] = (avg[i] + t.heads[1].weights.storage[i]) * 0.5 }
        #expect(maxAbsDifference(avg, t.average.storage) < 1e-6)
    }

    @Test("the same seed is bit-identical; another seed differs")
    func determinism() throws {
        let a = try trace()
        let b = try trace()
        #expect(a == b)
        var other = AttentionSettings.lecture
        other.seed = 43
        let c = try trace(Self.sentence, other)
        #expect(c.x != a.x)
        #expect(c.average != a.average)
    }

    @Test("a repeated word has the same embedding; positional encoding makes them differ")
    func wordEmbedding() throws {
        let t = try trace("the cat the")
        #expect(t.x.row(0) == t.x.row(2))
        var s = AttentionSettings.lecture
        s.positional = true
        let p = try trace("the cat the", s)
        #expect(p.x.row(0) != p.x.row(2))
        #expect(approxEqual(p.x[0, 1] - t.x[0, 1], 1, tolerance: 1e-6))  // cos(0) = 1
    }

    @Test("huge and tiny numbers give no NaN or infinity anywhere")
    func extremes() throws {
        var s = AttentionSettings.lecture
        s.dModel = 8
        s.heads = 2
        let t = try trace("1e300 -1e300 1e-300 0 5e-324 1.7976931348623157e308 -3", mode: .numbers, s)
        for m in [t.x, t.q, t.k, t.v, t.concat, t.output, t.average]
            + t.heads.flatMap({ [$0.scores, $0.weights, $0.output] })
        {
            #expect(m.storage.allSatisfyNonEmpty { $0.isFinite })
        }
    }

    @Test("a large sequence (n = 1024, d_model 64, 8 heads) stays normalised and finite")
    func largeSequence() throws {
        let text = (0..<1024).map { "t\($0 % 97)" }.joined(separator: " ")
        let s = AttentionSettings(
            dModel: 64, heads: 8, seed: 7, mask: MaskSpec(causal: true, padding: 5), positional: true)
        let t = try trace(text, s)
        for h in [0, 7] {
            for i in stride(from: 0, to: 1024, by: 37) {
                #expect(approxEqual(t.heads[h].weights.row(i).reduce(0, +), 1, tolerance: 1e-4))
            }
        }
        #expect(t.output.storage.allSatisfyNonEmpty { $0.isFinite })
    }

    @Test("n = 4096 works (d_model 8, 1 head)")
    func maxTokens() throws {
        let text = (0..<4096).map { String($0 % 50) }.joined(separator: " ")
        let s = AttentionSettings(dModel: 8, heads: 1, seed: 1, mask: .none, positional: false)
        let t = try trace(text, s)
        #expect(t.tokenCount == 4096)
        #expect(approxEqual(t.heads[0].weights.row(4095).reduce(0, +), 1, tolerance: 1e-3))
    }

    @Test("invalid settings are typed errors with readable messages")
    func invalidSettings() {
        func error(_ mutate: (inout AttentionSettings) -> Void, _ text: String = "a b") -> AttentionError? {
            var s = AttentionSettings.lecture
            mutate(&s)
            return AttentionEngine.run(text: text, mode: .auto, settings: s).failureValue
        }
        #expect(error { $0.dModel = 0 } == .invalidDModel(0))
        #expect(error { $0.heads = 0 } == .invalidHeads(0))
        #expect(error { $0.heads = 3 } == .headsDoNotDivide(dModel: 16, heads: 3))
        #expect(error { $0.heads = 32 } == .headsDoNotDivide(dModel: 16, heads: 32))
        #expect(error { $0.mask.padding = -1 } == .negativePadding(-1))
        #expect(error { $0.temperature = 0 } == .temperatureOutOfRange(0))
        #expect(error({ _ in }, "   ") == .emptyInput)
        #expect(AttentionError.headsDoNotDivide(dModel: 16, heads: 3).description.contains("not divisible"))
        #expect(
            AttentionEngine.run(text: "1 nan", mode: .numbers, settings: .lecture).failureValue
                == .tokenization(.notFinite(token: "nan", index: 1)))
    }

    @Test("mask specs parse and print back")
    func maskParsing() {
        for text in ["none", "causal", "padding:3", "causal+padding:2", "window:4", "causal+window:2+padding:1"] {
            #expect(MaskSpec.parse(text)?.label == text)
        }
        for bad in ["", "causa", "padding:-1", "padding:x", "causal+causal", "window:0", "padding"] {
            #expect(MaskSpec.parse(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test("temperature T gives softmax(scores / T); unscaled scores skip the 1/√d_k")
    func whatIfs() throws {
        var s = AttentionSettings.lecture
        s.temperature = 2.5
        let t = try trace(Self.sentence, s)
        for i in 0..<t.tokenCount {
            let row = t.heads[1].scores.row(i).map { Double($0) / 2.5 }
            let m = row.max()!
            let e = row.map { expD($0 - m) }
            let z = e.reduce(0, +)
            for j in 0..<t.tokenCount {
                #expect(approxEqual(t.heads[1].weights[i, j], Float(e[j] / z), tolerance: 1e-5))
            }
        }
        var u = AttentionSettings.lecture
        u.scaleScores = false
        let unscaled = try trace(Self.sentence, u)
        let scaled = try trace()
        // √d_k = 2
        #expect(approxEqual(unscaled.heads[0].scores[1, 2], scaled.heads[0].scores[1, 2] * 2, tolerance: 1e-5))
    }
}

/// exp for test oracles, independent of the engine's kernel.
func expD(_ x: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    let k = (x / 0.6931471805599453).rounded()
    let r = x - k * 0.6931471805599453
    for i in 1..<30 {
        term *= r / Double(i)
        sum += term
    }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
}

@Suite("Hard inputs")
struct HardInputTests {
    @Test("a window of Int.max is no window, never an overflow")
    func hugeWindow() throws {
        let huge = MaskSpec(causal: false, padding: 0, window: Int.max)
        for n in [1, 2, 7] {
            for i in 0..<n { #expect(huge.visibleKeys(query: i, tokenCount: n) == 0..<n) }
        }
        let causal = MaskSpec(causal: true, padding: Int.max, window: Int.max)
        #expect(causal.visibleKeys(query: 3, tokenCount: 5) == 0..<1)
        var s = AttentionSettings.lecture
        s.mask = try #require(MaskSpec.parse("window:9223372036854775807"))
        #expect((try? AttentionEngine.run(text: "a b c", mode: .words, settings: s).get()) != nil)
    }

    @Test(
        "numbers are decimal: hex, nan, inf and stray signs are not numbers",
        arguments: [
            ("0x10", false), ("1e3", true), ("-2.5", true), ("+3", true), (".5", true), ("5.", true), ("1e", false),
            ("--1", false), ("1.2.3", false), ("nan", false), ("inf", false), ("0x1p3", false), ("", false),
            ("١٢", false),
        ])
    func decimal(_ text: String, _ ok: Bool) {
        #expect(DecimalNumber.isDecimal(text) == ok, "\(text)")
    }

    @Test("the tokenizer reads 0x10 as a word and says nan is not finite")
    func tokenizerNumbers() throws {
        #expect(try Tokenizer.tokenize("0x10 1", mode: .auto).get().mode == .words)
        guard case .failure(.notFinite) = Tokenizer.tokenize("1 nan", mode: .numbers) else {
            Issue.record("nan accepted")
            return
        }
    }
}

@Suite("Engine memory")
struct EngineMemoryTests {
    @Test("a trace that would not fit a quarter of memory is refused before anything is allocated")
    func budget() throws {
        var s = AttentionSettings.lecture
        s.dModel = 4096
        s.heads = 4096
        let text = (0..<4096).map { "w\($0)" }.joined(separator: " ")
        guard
            case .failure(.tooLarge(let needed, let budget, let fitHeads, let fitTokens)) = AttentionEngine.run(
                text: text, mode: .words, settings: s)
        else {
            Issue.record("accepted 4096 heads at 4096 tokens")
            return
        }
        #expect(needed > budget && budget == Double(MemoryBudget.bytes))
        let h = try #require(fitHeads)
        #expect(4096 % h == 0 && MemoryBudget.engineBytes(tokens: 4096, dModel: 4096, heads: h) <= budget)
        #expect(MemoryBudget.engineBytes(tokens: fitTokens, dModel: 4096, heads: 4096) <= budget)
        #expect(
            AttentionError.tooLarge(needed: needed, budget: budget, fitHeads: h, fitTokens: fitTokens).description
                .contains("at most \(h) heads"))
    }
}
