import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// What the families add to llama's block: per-head q/k norms (Qwen 3, Gemma 3), GeGLU and the
/// scaled embedding (Gemma), soft caps (Gemma 2).
extension DecoderBlock {
    /// RMSNorm of every head's slice of each row on its own, with one head's weights.
    static func headNorm(_ m: inout Matrix, heads: Int, headSize hs: Int, _ w: [Float], eps: Float) {
        let cols = m.cols
        m.storage.withUnsafeMutableBufferPointer { mp in
            guard let p = mp.baseAddress else { return }
            for r in 0..<m.rows {
                for h in 0..<heads {
                    let at = p + r * cols + h * hs
                    var ss: Float = 0
                    for j in 0..<hs { ss = ss.addingProduct(at[j], at[j]) }
                    let inv = 1 / (ss / Float(hs) + eps).squareRoot()
                    for j in 0..<hs { at[j] = at[j] * inv * w[j] }
                }
            }
        }
    }

    /// GeGLU: tanh-GELU(gate) · up, element by element, into `gate`.
    static func geGLU(_ gate: inout Matrix, _ up: Matrix) {
        geluTanh(&gate)
        gate.storage.withUnsafeMutableBufferPointer { gp in
            up.storage.withUnsafeBufferPointer { upp in
                for i in 0..<gp.count { gp[i] *= upp[i] }
            }
        }
    }

    /// Every element times `factor` (Gemma's √hidden on the embedding).
    static func scale(_ m: inout Matrix, by factor: Float) {
        m.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] *= factor }
        }
    }

    /// cap · tanh(x / cap), Gemma's soft cap (of scores and of logits).
    @inline(__always)
    static func softcap(_ x: Float, _ cap: Float) -> Float { cap * Float(Foundation.tanh(Double(x / cap))) }

    /// Every value soft-capped, in place.
    static func softcap(_ x: inout [Float], _ cap: Float) {
        for i in x.indices { x[i] = softcap(x[i], cap) }
    }
}
