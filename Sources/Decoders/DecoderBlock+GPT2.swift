import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

extension DecoderBlock {
    /// x · Wᵀ (+ b).
    static func linear(_ x: Matrix, _ w: QuantizedMatrix, _ bias: [Float]?) -> Matrix {
        var y = QuantizedKernels.multiply(x, w)
        if let bias { BertKernels.addBias(&y, bias) }
        return y
    }

    /// GPT-2's learned positions: row first + t of the table joins token t's embedding.
    static func addPositions(_ x: inout Matrix, _ table: QuantizedMatrix, first: Int) {
        let cols = x.cols
        var row = [Float](repeating: 0, count: cols)
        x.storage.withUnsafeMutableBufferPointer { xp in
            row.withUnsafeMutableBufferPointer { rp in
                for t in 0..<x.rows {
                    table.expandRow(first + t, into: rp.baseAddress!)
                    for j in 0..<cols { xp[t * cols + j] += rp[j] }
                }
            }
        }
    }

    /// GPT-2's GELU ("gelu_new"): 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed as
    /// x / (1 + e^(−2u)) (the same function) with the vectorized exp: libm's tanhf was a call per
    /// element and an eighth of a long GPT-2 prompt's time.
    static func geluTanh(_ m: inout Matrix) {
        let c = Float((2 / Double.pi).squareRoot())
        let count = m.storage.count
        m.storage.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var i = 0
            while i < count {
                let lanes = min(16, count - i)
                var x = V()
                for l in 0..<lanes { x[l] = base[i + l] }
                let u = c * (x + 0.044715 * x * x * x)
                let e = Softmax.exp((-2 * u).replacing(with: 80, where: -2 * u .> 80))
                let y = x / (1 + e)
                for l in 0..<lanes { base[i + l] = y[l] }
                i += 16
            }
        }
    }
}
