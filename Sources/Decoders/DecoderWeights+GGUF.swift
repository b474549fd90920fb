import Encoders
import ModelFormats
import Tokenizers

/// A GGUF file's tensors by llama.cpp's names, each checked for type, shape and finite values;
/// with no bytes (a header-only check) the matrices it returns must not be read.
struct GGUFTensors {
    let file: GGUFFile
    let bytes: UnsafeRawBufferPointer?

    func info(_ name: String) throws(ModelError) -> GGUFTensorInfo {
        guard let t = file.tensor(name) else { throw .gguf("tensor '\(name)' is missing") }
        guard t.type.isDequantizable else {
            throw .gguf("tensor '\(name)' is \(t.type.name), a type AttnViz does not read yet")
        }
        return t
    }

    func matrix(_ name: String, cols: Int, rows: Int) throws(ModelError) -> QuantizedMatrix {
        let t = try info(name)
        guard t.shape == [cols, rows] else {
            throw .gguf(
                "tensor '\(name)' has shape \(t.shape); a \(rows)-output, \(cols)-input matrix is [\(cols), \(rows)]")
        }
        guard cols % 16 == 0 else { throw .gguf("tensor '\(name)' has rows of \(cols), not a multiple of 16") }
        guard let base = bytes?.baseAddress else {
            return QuantizedMatrix(base: QuantizedMatrix.unused, type: t.type, rows: rows, cols: cols)
        }
        let m = QuantizedMatrix(base: base + t.bytes.lowerBound, type: t.type, rows: rows, cols: cols)
        if let row = m.firstNonFiniteRow() {
            throw .gguf("tensor '\(name)' holds a value that is not finite (NaN or infinity) in row \(row)")
        }
        return m
    }

    func vector(_ name: String, _ count: Int) throws(ModelError) -> [Float] {
        let t = try info(name)
        guard t.shape == [count] else { throw .gguf("tensor '\(name)' has shape \(t.shape), expected [\(count)]") }
        guard let base = bytes?.baseAddress else { return [Float](repeating: 0, count: count) }
        var out = [Float](repeating: 0, count: count)
        try out.withUnsafeMutableBufferPointer { (p) throws(ModelError) in
            try GGUFDequantize.expand(base + t.bytes.lowerBound, type: t.type, count: count, into: p.baseAddress!)
        }
        guard out.allSatisfy(\.isFinite) else { throw .gguf("tensor '\(name)' holds a value that is not finite") }
        return out
    }

    /// Block `l`: llama's tensors, and what the family adds (Qwen 2's biases, q/k norms, Gemma's
    /// post-norms). Phi-3 fuses q, k and v into one matrix (rows q, then k, then v), and gate and
    /// up into another; each part is read in place.
    func layer(_ l: Int, _ c: DecoderConfig) throws(ModelError) -> DecoderWeights.Layer {
        let p = "blk.\(l)."
        let (d, kv, width, ffn) = (c.hiddenSize, c.kvHeads * c.headSize, c.attentionWidth, c.intermediateSize)
        let qkv = file.tensor(p + "attn_qkv.weight") != nil
        let fused = qkv ? try matrix(p + "attn_qkv.weight", cols: d, rows: width + 2 * kv) : nil
        let gateUp = c.architecture == .phi3 ? try matrix(p + "ffn_up.weight", cols: d, rows: 2 * ffn) : nil
        /// Rows `range` of a fused matrix, or the tensor of its own.
        func part(_ whole: QuantizedMatrix?, _ range: Range<Int>, else name: String) throws(ModelError)
            -> QuantizedMatrix
        {
            if let whole { return whole.rows(range) }
            return try matrix(p + name, cols: d, rows: range.count)
        }
        var layer = DecoderWeights.Layer(
            attentionNorm: try vector(p + "attn_norm.weight", d),
            q: try part(fused, 0..<width, else: "attn_q.weight"),
            k: try part(fused, width..<(width + kv), else: "attn_k.weight"),
            v: try part(fused, (width + kv)..<(width + 2 * kv), else: "attn_v.weight"),
            o: try matrix(p + "attn_output.weight", cols: width, rows: d),
            ffnNorm: try vector(p + "ffn_norm.weight", d),
            gate: try part(gateUp, 0..<ffn, else: "ffn_gate.weight"),
            up: try part(gateUp, ffn..<(2 * ffn), else: "ffn_up.weight"),
            down: try matrix(p + "ffn_down.weight", cols: ffn, rows: d))
        try layer.addFamilyTensors(c, .gguf(p), bias: vector, norm: vector)
        return layer
    }
}
