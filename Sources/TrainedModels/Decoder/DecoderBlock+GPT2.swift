import AttentionCore
import Foundation

extension DecoderBlock {
    /// x · Wᵀ (+ b).
    static func linear(_ x: Matrix, _ w: QuantizedMatrix, _ bias: [Float]?) -> Matrix {
        var y = QuantizedKernels.multiply(x, w)
        guard let bias else { return y }
        let cols = y.cols
        y.storage.withUnsafeMutableBufferPointer { yp in
            for r in 0..<y.rows { for j in 0..<cols { yp[r * cols + j] += bias[j] } }
        }
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

    /// GPT-2's GELU ("gelu_new"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    static func geluTanh(_ m: inout Matrix) {
        let c = Float((2 / Double.pi).squareRoot())
        m.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let x = p[i]
                p[i] = 0.5 * x * (1 + tanh(c * (x + 0.044715 * x * x * x)))
            }
        }
    }
}
