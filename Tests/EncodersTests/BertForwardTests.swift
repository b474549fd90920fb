import AttentionCore
import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

@Suite("BERT forward")
struct BertForwardTests {
    /// The Swift forward against bench/reference_bert.py (numpy) on the same folder on disk.
    func compareWithNumpy(_ tiny: TinyBert, text: String) throws {
        let dir = TinyBert.temporaryFolder("bert")
        try tiny.write(to: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try tiny.model()
        let e = try model.encode(text).get()
        let trace = model.forward(e, inspect: 0)
        let raw = try Python.run([
            RepoPaths.root() + "/bench/reference_bert.py", "forward", dir,
            "--ids", e.ids.map(String.init).joined(separator: ","),
            "--types", e.types.map(String.init).joined(separator: ","),
        ])
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
        let atts = try #require(ref["attentions"] as? [[[[Double]]]])
        let hidden = try #require(ref["hidden"] as? [[Double]])
        #expect(atts.count == tiny.layers && atts[0].count == tiny.heads)
        var worst: Double = 0
        for l in 0..<tiny.layers {
            for h in 0..<tiny.heads {
                for i in 0..<e.count {
                    for j in 0..<e.count {
                        worst = max(worst, abs(Double(trace.attentions[l][h][i, j]) - atts[l][h][i][j]))
                    }
                }
            }
        }
        var worstHidden: Double = 0
        for i in 0..<e.count {
            for c in 0..<tiny.hidden { worstHidden = max(worstHidden, abs(Double(trace.hidden[i, c]) - hidden[i][c])) }
        }
        #expect(worst < 2e-5, "attention differs from numpy by \(worst)")
        #expect(worstHidden < 1e-4, "hidden states differ from numpy by \(worstHidden)")
    }

    @Test(
        "matches an independent numpy forward: F32, F16 and BF16 files, with and without the bert. prefix",
        arguments: [(TensorDType.f32, ""), (.f16, "bert."), (.bf16, "")])
    func numpyReference(_ dtype: TensorDType, _ prefix: String) throws {
        var tiny = TinyBert()
        tiny.dtype = dtype
        tiny.prefix = prefix
        tiny.layers = 3
        tiny.heads = 4
        tiny.hidden = 16
        tiny.intermediate = 40
        try compareWithNumpy(tiny, text: "the cat sat on the mat because it was tired ||| a dog sat")
    }

    @Test(
        "an F16 or BF16 file gives bit-identical numbers to an F32 file holding the same rounded values",
        arguments: [TensorDType.f16, .bf16])
    func halfConversion(_ dtype: TensorDType) throws {
        var half = TinyBert()
        half.dtype = dtype
        var twin = TinyBert()
        twin.roundTo = dtype
        let a = try half.model()
        let b = try twin.model()
        let e = try a.encode("the cat sat on the mat").get()
        #expect(a.forward(e, inspect: 1) == b.forward(e, inspect: 1))
        // And the rounding matters: the unrounded F32 model differs.
        #expect(try TinyBert().model().forward(e, inspect: 1).attentions != a.forward(e, inspect: 1).attentions)
    }

    @Test("half-precision bits convert exactly: normals, subnormals, zero, infinities, NaN")
    func halfBits() {
        for bits in stride(from: 0, through: 0xffff, by: 1) {
            let h = UInt16(bits)
            let mine = FloatConversion.half(h)
            let swift = Float(Float16(bitPattern: h))
            #expect(mine.bitPattern == swift.bitPattern || (mine.isNaN && swift.isNaN), "0x\(String(bits, radix: 16))")
            if mine.bitPattern != swift.bitPattern && !(mine.isNaN && swift.isNaN) { return }
        }
    }

    @Test("same input, same numbers; the inspected layer is that layer's attention in full")
    func determinismAndInspection() throws {
        let model = try TinyBert().model()
        let e = try model.encode("the cat sat").get()
        let a = model.forward(e, inspect: 1)
        let b = model.forward(e, inspect: 1)
        #expect(a == b)
        #expect(a.inspectedLayer == 1)
        #expect(a.layer.heads.map(\.weights) == a.attentions[1])
        #expect(model.forward(e, inspect: 0).layer.heads.map(\.weights) == a.attentions[0])
        #expect(a.layer.tokens == ["[CLS]", "the", "cat", "sat", "[SEP]"])
        for layer in a.attentions {
            for w in layer {
                for i in 0..<w.rows { #expect(abs(w.row(i).reduce(0, +) - 1) < 1e-5) }
            }
        }
        // The inspected layer's Q is X·W_q plus one bias row: Q − X·W_q is the same for every token.
        let t = a.layer
        let xw = AttentionEngine.multiply(t.x, t.projections.wq)
        for c in 0..<t.q.cols {
            let bias = t.q[0, c] - xw[0, c]
            for i in 1..<t.q.rows { #expect(abs(t.q[i, c] - xw[i, c] - bias) < 1e-5) }
        }
    }

    @Test("rollout is the product of ½A + ½I through the layers, rows summing to 1")
    func rollout() throws {
        let model = try TinyBert().model()
        let trace = model.forward(try model.encode("the cat sat on the mat").get(), inspect: 0)
        let avg = trace.layerAverages()
        let r = trace.rollouts(averages: avg)
        #expect(r.count == 2)
        let n = trace.tokenCount
        for i in 0..<n {
            for j in 0..<n {
                let hat0 = 0.5 * avg[0][i, j] + (i == j ? 0.5 : 0)
                #expect(abs(r[0][i, j] - hat0) < 1e-6)
                var sum: Float = 0
                for k in 0..<n { sum += (0.5 * avg[1][i, k] + (i == k ? 0.5 : 0)) * r[0][k, j] }
                #expect(abs(r[1][i, j] - sum) < 1e-5)
            }
            #expect(abs(r[1].row(i).reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test("hiding tokens cuts rows and columns and renormalizes each row")
    func keeping() {
        let w = Matrix([[0.5, 0.25, 0.25], [0.2, 0.2, 0.6], [0.1, 0.0, 0.9]])
        let k = w.keeping([1, 2], renormalize: true)
        #expect(k.rows == 2 && abs(k[0, 0] - 0.25) < 1e-6 && abs(k[0, 1] - 0.75) < 1e-6 && abs(k[1, 1] - 1) < 1e-6)
    }

    @Test(
        "head patterns: constructed heads are named for what they do",
        arguments: [
            ("previous", HeadPattern.previous), ("next", .next), ("self", .selfToken), ("cls", .cls), ("sep", .sep),
            ("uniform", .broad),
            ("punct", .punctuation),
        ])
    func patterns(_ kind: String, _ expected: HeadPattern) {
        let tokens = ["[CLS]", "the", "cat", ",", "sat", "on", "mat", "[SEP]"]
        let n = tokens.count
        var w = Matrix(rows: n, cols: n)
        for i in 0..<n {
            let j: Int? =
                switch kind {
                case "previous": max(0, i - 1)
                case "next": min(n - 1, i + 1)
                case "self": i
                case "cls": 0
                case "sep": n - 1
                case "punct": 3
                default: nil
                }
            if let j { w[i, j] = 1 } else { for k in 0..<n { w[i, k] = 1 / Float(n) } }
        }
        #expect(HeadPattern.classify(w, tokens: tokens) == expected)
    }
}

@Suite("Model memory")
struct ModelMemoryTests {
    @Test("a model whose attention at this length would not fit the budget refuses with what fits")
    func budget() throws {
        var tiny = TinyBert()
        tiny.layers = 64
        tiny.heads = 128
        tiny.hidden = 128
        tiny.maxPositions = 8192
        tiny.intermediate = 8
        let model = try tiny.model()
        let text = Array(repeating: "the", count: 8000).joined(separator: " ")
        let need = model.estimatedBytes(tokens: 8002)
        #expect(need > Double(MemoryBudget.bytes))
        guard case .failure(.tooLarge(let needed, _, let fit)) = model.encode(text) else {
            Issue.record("accepted")
            return
        }
        #expect(needed == need && fit < 8002 && model.estimatedBytes(tokens: fit) <= Double(MemoryBudget.bytes))
        #expect(try model.encode("the cat").get().count == 4)
    }
}
