import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// One cell of the logit lens: the token a layer's residual stream would predict next at one
/// position, read through the final norm and the output matrix, and its probability.
public struct LensCell: Equatable, Sendable {
    public var id: Int
    public var text: String
    public var probability: Float
    /// Where the model's own guess at this position (the last row's token) stands at this layer:
    /// 1 when it is this layer's top token too; and its probability here.
    public var finalRank = 1
    public var finalProbability: Float = 0
}

/// Layers × positions of top next tokens: where, in depth, the answer forms.
public struct LogitLens: Equatable, Sendable {
    /// The layers shown (0-based), top to bottom; the last is the model's own prediction.
    public var layers: [Int]
    /// The positions shown (0-based), left to right.
    public var positions: [Int]
    /// [row][column], rows as `layers`, columns as `positions`.
    public var cells: [[LensCell]]
}

extension DecoderModel {
    /// The layers a lens shows: every one up to 16, else every second ending at the last
    /// (15 rows for 30 layers, legible at 1280×720), and the last `positions` positions.
    public func logitLens(_ s: DecoderState, maxPositions: Int = 10) -> LogitLens {
        let c = config
        let n = s.count
        guard n > 0, s.residuals.count == c.layers else { return LogitLens(layers: [], positions: [], cells: []) }
        let step = c.layers > 16 ? 2 : 1
        let layers = stride(from: c.layers - 1, through: 0, by: -step).reversed().map { $0 }
        let positions = Array(max(0, n - maxPositions)..<n)
        var rows = Matrix(rows: layers.count * positions.count, cols: c.hiddenSize)
        for (r, l) in layers.enumerated() {
            for (k, p) in positions.enumerated() {
                let src = s.residuals[l][(p * c.hiddenSize)..<((p + 1) * c.hiddenSize)]
                for (j, v) in src.enumerated() { rows[r * positions.count + k, j] = v }
            }
        }
        let logits = QuantizedKernels.multiply(
            norm(rows, weights.outputNorm, weights.outputNormBias), weights.output)
        let v = c.vocabSize
        var cells: [[LensCell]] = []
        logits.storage.withUnsafeBufferPointer { lp in
            for r in 0..<layers.count {
                var row: [LensCell] = []
                for k in 0..<positions.count {
                    let base = lp.baseAddress! + (r * positions.count + k) * v
                    let (id, p) = DecoderModel.top(base, v)
                    row.append(LensCell(id: id, text: tokenizer.readable(id), probability: p))
                }
                cells.append(row)
            }
            // The final guess of each position, followed up through the layers.
            for k in 0..<positions.count {
                guard let final = cells.last?[k].id else { continue }
                for r in 0..<layers.count {
                    let base = lp.baseAddress! + (r * positions.count + k) * v
                    (cells[r][k].finalRank, cells[r][k].finalProbability) = DecoderModel.standing(final, base, v)
                }
            }
        }
        return LogitLens(layers: layers, positions: positions, cells: cells)
    }

    /// Where `id` stands in a row of logits (`NextToken.rank`, ties by lower id as `top` picks),
    /// and its probability (the softmax `top` computes, in the same order).
    static func standing(_ id: Int, _ logits: UnsafePointer<Float>, _ count: Int) -> (Int, Float) {
        let (best, p) = top(logits, count)
        let rank = NextToken.rank(of: id, UnsafeBufferPointer(start: logits, count: count))
        return (rank, p * Softmax.expScalar(logits[id] - logits[best]))
    }

    /// The most likely id of one row of logits (the lower id on a tie) and its probability.
    static func top(_ logits: UnsafePointer<Float>, _ count: Int) -> (Int, Float) {
        typealias V = SIMD16<Float>
        var best = 0
        for i in 1..<count where logits[i] > logits[best] { best = i }
        let mv = V(repeating: logits[best])
        var sum = V()
        var i = 0
        while i + 16 <= count {
            sum += Softmax.exp(UnsafeRawPointer(logits + i).loadUnaligned(as: V.self) - mv)
            i += 16
        }
        var total = sum.sum()
        while i < count {
            total += Softmax.expScalar(logits[i] - logits[best])
            i += 1
        }
        return (best, 1 / total)
    }
}
