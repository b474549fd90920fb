import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// What the families add to llama's block: per-head q/k norms (Qwen 3, Gemma 3), RoPE on
/// rotate-half pairs, GeGLU and the scaled embedding (Gemma), soft-capped logits.
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

    /// RoPE on the pairs (i, i + size/2) of each head, as transformers rotates halves and
    /// Qwen, Gemma and Phi files keep their rows (llama.cpp's NEOX mode).
    static func ropeHalves(_ m: inout Matrix, heads: Int, headSize: Int, _ t: Rotary) {
        let half = t.half
        let cols = m.cols
        m.storage.withUnsafeMutableBufferPointer { mp in
            guard let p = mp.baseAddress else { return }
            for r in 0..<m.rows {
                for h in 0..<heads {
                    let at = p + r * cols + h * headSize
                    for i in 0..<half {
                        let c = t.cos[r * half + i]
                        let s = t.sin[r * half + i]
                        let x0 = at[i]
                        let x1 = at[i + half]
                        at[i] = x0 * c - x1 * s
                        at[i + half] = x0 * s + x1 * c
                    }
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

    /// cap · tanh(x / cap), Gemma's soft cap, in place.
    static func softcap(_ x: inout [Float], _ cap: Float) {
        for i in x.indices { x[i] = cap * Float(Foundation.tanh(Double(x[i] / cap))) }
    }
}
