import AttentionCore
import Encoders
import ModelFormats
import Tokenizers

/// What a decoder knows about one sequence: its tokens, every layer's keys and values (the
/// cache a new token attends over), every causal attention row so far, the residual stream at
/// each layer's output (for the logit lens) and the next-token logits at the last position.
///
/// Appending a token appends one row to every attention matrix; earlier rows never change.
public struct DecoderState: Equatable, Sendable {
    public internal(set) var ids: [Int] = []
    /// [layer]: positions × (kvHeads · headSize), RoPE already applied to keys.
    var keys: [[Float]]
    var values: [[Float]]
    /// [layer][query head]: row q holds q + 1 weights, rows one after another.
    public internal(set) var attentionRows: [[[Float]]]
    /// [layer]: positions × hidden, the residual stream after that layer.
    public internal(set) var residuals: [[Float]]
    /// Logits over the vocabulary at the last position (empty before the first token).
    public internal(set) var logits: [Float] = []
    /// One layer's matrices, row by row, for the inspector and the explanation.
    public internal(set) var capture: LayerCapture?
    /// Heads whose outputs this sequence runs without (set before the first token).
    public var knockout = HeadKnockout()
    /// Mean-ablation's running sums of the knocked-out heads' outputs, one row per position, by layer.
    var ablationSums: [Int: RunningSums] = [:]

    init(layers: Int, heads: Int) {
        keys = Array(repeating: [], count: layers)
        values = Array(repeating: [], count: layers)
        attentionRows = Array(repeating: Array(repeating: [], count: heads), count: layers)
        residuals = Array(repeating: [], count: layers)
    }

    public var count: Int { ids.count }
    public var layers: Int { attentionRows.count }
    public var heads: Int { attentionRows.first?.count ?? 0 }

    /// Layer `l`, query head `h` as an n × n matrix, zero above the diagonal.
    public func attention(layer l: Int, head h: Int) -> Matrix {
        AttentionMaps.unpack(causal: attentionRows[l][h], tokens: count)
    }

    /// Every layer's attention, shared with the cache (no copy until one of them changes).
    public var maps: AttentionMaps { AttentionMaps(causalRows: attentionRows, tokens: count) }

    /// Row `q` of layer `l`, head `h`: q + 1 weights over keys 0…q.
    public func attentionRow(layer l: Int, head h: Int, query q: Int) -> ArraySlice<Float> {
        attentionRows[l][h][(q * (q + 1) / 2)..<((q + 1) * (q + 2) / 2)]
    }

    /// Room for `more` tokens in every array, and a little over: 1/16 more tokens (at least 16).
    /// Left to `append`, Swift's doubling kept up to twice what a sequence holds (at 331 tokens
    /// 118 MB of capacity for 59 MB of attention rows); with the margin, a token at a time
    /// still moves each array only once per 16 or more tokens.
    mutating func reserve(adding more: Int, kvWidth: Int, hidden: Int) {
        let need = count + more
        let room = need + max(16, need / 16)
        func grow(_ a: inout [Float], _ perToken: (Int) -> Int) {
            if a.capacity < perToken(need) { a.reserveCapacity(perToken(room)) }
        }
        for l in keys.indices {
            grow(&keys[l]) { $0 * kvWidth }
            grow(&values[l]) { $0 * kvWidth }
            grow(&residuals[l]) { $0 * hidden }
            for h in attentionRows[l].indices { grow(&attentionRows[l][h]) { $0 * ($0 + 1) / 2 } }
        }
    }

    /// Forgets every token after the first `n`, in place (no copy when the arrays are not
    /// shared): the window's cache, when a keystroke takes back the end of the input.
    public mutating func truncate(to n: Int) {
        guard n < count else { return }
        let c = count
        let kv = keys.first.map { $0.count / c } ?? 0
        let width = residuals.first.map { $0.count / c } ?? 0
        ids.removeLast(c - n)
        for l in keys.indices {
            keys[l].removeLast((c - n) * kv)
            values[l].removeLast((c - n) * kv)
            residuals[l].removeLast((c - n) * width)
            for h in attentionRows[l].indices { attentionRows[l][h].removeLast(c * (c + 1) / 2 - n * (n + 1) / 2) }
        }
        logits = []
        if let cap = capture { capture = cap.prefix(n) }
        cutSums(to: n)
    }

    /// Mean-ablation's sums back to their first `n` rows.
    mutating func cutSums(to n: Int) {
        for l in ablationSums.keys { ablationSums[l]?.cut(to: n) }
    }

    /// Cuts every layer back to its first `n` tokens whatever each holds: a forward stopped
    /// between layers has appended rows to the layers before the stop and none after.
    mutating func forget(after n: Int, kvWidth: Int, hidden: Int) {
        for l in keys.indices {
            keys[l].removeLast(keys[l].count - n * kvWidth)
            values[l].removeLast(values[l].count - n * kvWidth)
            residuals[l].removeLast(residuals[l].count - n * hidden)
            for h in attentionRows[l].indices {
                attentionRows[l][h].removeLast(attentionRows[l][h].count - n * (n + 1) / 2)
            }
        }
        if let cap = capture, cap.tokens > n { capture = cap.prefix(n) }
        cutSums(to: n)
    }

    /// The state as it was after its first `n` tokens (what a cache holds had it stopped there).
    public func prefix(_ n: Int) -> DecoderState {
        precondition(n <= count)
        var s = self
        s.ids = Array(ids.prefix(n))
        let kv = count > 0 ? keys[0].count / count : 0
        let width = count > 0 ? residuals[0].count / count : 0
        s.keys = keys.map { Array($0.prefix(n * kv)) }
        s.values = values.map { Array($0.prefix(n * kv)) }
        s.attentionRows = attentionRows.map { $0.map { Array($0.prefix(n * (n + 1) / 2)) } }
        s.residuals = residuals.map { Array($0.prefix(n * width)) }
        s.logits = n == count ? logits : []
        s.capture = capture?.prefix(n)
        s.cutSums(to: n)
        return s
    }
}

/// Running sums, one row of `width` per position: mean-ablation's memory of what came before.
struct RunningSums: Equatable, Sendable {
    var width: Int
    var values: [Float] = []

    var rows: Int { width > 0 ? values.count / width : 0 }

    mutating func cut(to n: Int) {
        if rows > n { values.removeLast(values.count - n * width) }
    }
}
