import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Synchronization
import Tokenizers

extension DecoderModel {
    /// The state of `ids` with layer `inspect` captured, reusing the last one asked for when
    /// it began with the same tokens: typing at the end, or the model writing, costs one row per
    /// new token (the key/value cache), not a whole forward.
    public func state(for ids: [Int], inspect: Int, knockout: HeadKnockout = HeadKnockout()) -> DecoderState {
        state(for: ids, inspect: inspect, knockout: knockout, unless: { false }) ?? start()
    }

    /// As `state(for:inspect:knockout:)`, or nil when `cancelled` turns true before it is done;
    /// the cache then keeps what it held (the prefix both requests share), so the request that
    /// superseded this one starts from there.
    public func state(
        for ids: [Int], inspect: Int, knockout: HeadKnockout = HeadKnockout(), unless cancelled: () -> Bool
    ) -> DecoderState? {
        let layer = max(0, min(inspect, config.layers - 1))
        guard !ids.isEmpty else { return start() }
        var s: DecoderState
        // Taken out of the cache, so truncating it in place copies nothing.
        if var last = lastState.withLock({ cached -> DecoderState? in
            defer { cached = nil }
            return cached
        }), last.capture?.layer == layer, last.knockout == knockout {
            var common = 0
            while common < min(last.count, ids.count) && last.ids[common] == ids[common] { common += 1 }
            // The logits of a prefix are those of its last token: recompute that one.
            if common == ids.count { common -= 1 }
            last.truncate(to: common)
            s = last
        } else {
            s = start()
            s.capture = LayerCapture(layer: layer)
            s.knockout = knockout
        }
        let done = append(Array(ids[s.count...]), to: &s, unless: cancelled)
        lastState.withLock { $0 = s }
        return done ? s : nil
    }

    /// A decoder state as the views know a trained model's pass: every map (n × n, zero above
    /// the diagonal) and the captured layer as a trace, K and V repeated for the query heads
    /// that share them (grouped-query attention), so each head reads the key/value head it uses.
    public func trace(_ s: DecoderState) -> ModelTrace {
        let c = config
        let n = s.count
        let tokens = s.ids.map(tokenizer.readable)
        let encoding = Encoding(tokens: tokens, ids: s.ids, types: Array(repeating: 0, count: n), isPair: false)
        let capture = s.capture ?? LayerCapture(layer: 0)
        let hs = c.headSize
        let q = capture.matrix(capture.q)
        let kShared = capture.matrix(capture.k)
        let vShared = capture.matrix(capture.v)
        func perQueryHead(_ m: Matrix) -> Matrix {
            var out = Matrix(rows: n, cols: c.attentionWidth)
            guard m.cols == c.kvHeads * hs else { return out }
            for i in 0..<n {
                for h in 0..<c.heads {
                    let g = h / c.groupSize
                    for j in 0..<hs { out[i, h * hs + j] = m[i, g * hs + j] }
                }
            }
            return out
        }
        let k = perQueryHead(kShared)
        let v = perQueryHead(vShared)
        let concat = capture.matrix(capture.concat)
        let scale = c.queryScale
        let maps = (0..<c.heads).map { s.attention(layer: capture.layer, head: $0) }
        let heads = (0..<c.heads).map { h -> HeadTrace in
            var scores = Matrix(rows: n, cols: n)
            q.storage.withUnsafeBufferPointer { qp in
                kShared.storage.withUnsafeBufferPointer { kp in
                    scores.storage.withUnsafeMutableBufferPointer { sp in
                        guard let qb = qp.baseAddress, let kb = kp.baseAddress, let sb = sp.baseAddress,
                            kShared.cols == c.kvHeads * hs
                        else { return }
                        let g = h / c.groupSize
                        for i in 0..<n {
                            let qi = UnsafeMutablePointer(mutating: qb + i * c.attentionWidth + h * hs)
                            for j in 0..<n {
                                let kj = UnsafeMutablePointer(mutating: kb + j * kShared.cols + g * hs)
                                let s = QuantizedKernels.dot(qi, kj, hs) * scale
                                sb[i * n + j] = c.attentionSoftcap.map { DecoderBlock.softcap(s, $0) } ?? s
                            }
                        }
                    }
                }
            }
            return HeadTrace(scores: scores, weights: maps[h], output: concat.columns(h * hs, count: hs))
        }
        // The heads' width, not the residual's: d_k is the file's head size (Gemma 3: 4 × 256 beside 640).
        var settings = AttentionSettings(
            dModel: c.attentionWidth, heads: c.heads, seed: 0,
            // A sliding-window layer's band is part of its mask (Gemma 2 and 3, Phi-3 folders).
            mask: MaskSpec(causal: true, padding: 0, window: c.window(layer: capture.layer) ?? 0), positional: true)
        settings.aggregation = .mean
        settings.scoreDivisor = 1 / c.queryScale
        settings.scoreSoftcap = c.attentionSoftcap
        let layer = AttentionTrace(
            tokens: tokens, mode: .words, settings: settings, effectivePadding: 0, x: capture.matrix(capture.x),
            projections: projections(layer: capture.layer), q: q, k: k, v: v, heads: heads,
            average: AttentionEngine.aggregate(maps, .mean), concat: concat, output: capture.matrix(capture.output))
        let last =
            s.residuals.last.map { Matrix(rows: n, cols: c.hiddenSize, storage: $0) }
            ?? Matrix(rows: n, cols: c.hiddenSize)
        return ModelTrace(
            encoding: encoding, maps: s.maps, inspectedLayer: capture.layer, layer: layer,
            hidden: last)
    }

    /// The captured layer's W_q, W_k, W_v, W_o, input × output, in their true shapes: W_k and W_v
    /// have one key/value head's columns for every group of query heads (576 × 192 for SmolLM2).
    func projections(layer l: Int) -> Projections {
        if let hit = projectionCache.withLock({ $0[l] }) { return hit }
        let w = weights.layers[l]
        func dense(_ m: QuantizedMatrix) -> Matrix {
            var rowMajor = [Float](repeating: 0, count: m.rows * m.cols)
            rowMajor.withUnsafeMutableBufferPointer { p in
                for r in 0..<m.rows { m.expandRow(r, into: p.baseAddress! + r * m.cols) }
            }
            var out = Matrix(rows: m.cols, cols: m.rows)
            for o in 0..<m.rows {
                for i in 0..<m.cols { out[i, o] = rowMajor[o * m.cols + i] }
            }
            return out
        }
        let p = Projections(wq: dense(w.q), wk: dense(w.k), wv: dense(w.v), wo: dense(w.o))
        projectionCache.withLock { $0 = [l: p] }
        return p
    }

    /// The top `count` next tokens under `sampling`, readable: each with the chance the choice
    /// really gives it (greedy: 1 for the top token, 0 for the rest) and the model's own (T 1).
    public func nextTokens(_ s: DecoderState, count: Int = 10, sampling: Sampling = Sampling()) -> [NextTokenBar] {
        // The model's own distribution: temperature 1 over every token (one sum for all bars).
        let m = Double(s.logits.max() ?? 0)
        let sum = s.logits.reduce(0.0) { $0 + exp(Double($1) - m) }
        return NextToken.top(s.logits, count: count, sampling: sampling).enumerated().map { i, c in
            let own = exp(Double(s.logits[c.id]) - m) / sum
            let chosen = sampling.isGreedy ? (i == 0 ? 1 : 0) : c.probability
            return NextTokenBar(id: c.id, text: tokenizer.readable(c.id), probability: chosen, modelProbability: own)
        }
    }
}

/// One bar of the next-token panel.
public struct NextTokenBar: Equatable, Sendable {
    public var id: Int
    /// The token as a lecturer reads it (␣ for a space).
    public var text: String
    /// The chance the current choice (temperature, top-k, top-p, greedy) gives it.
    public var probability: Double
    /// The model's own chance for it: temperature 1, nothing filtered.
    public var modelProbability: Double

    public init(id: Int, text: String, probability: Double, modelProbability: Double? = nil) {
        self.id = id
        self.text = text
        self.probability = probability
        self.modelProbability = modelProbability ?? probability
    }
}
