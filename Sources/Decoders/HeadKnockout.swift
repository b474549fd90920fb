import AttentionCore
import Foundation
import ModelFormats
import Synchronization

/// Heads whose outputs are zeroed before the output projection (a knock-out): the head still
/// attends, so its map is drawn, but what it read never reaches the residual stream.
public struct HeadKnockout: Equatable, Hashable, Sendable {
    /// [layer]: the knocked-out heads of that layer, 0-based.
    public private(set) var heads: [Int: Set<Int>] = [:]
    /// Mean-ablation: a knocked-out head's output is replaced by its mean over the positions so
    /// far instead of zero (causal, so writing and the key/value cache stay consistent).
    public var mean = false

    public init() {}

    public init(_ pairs: [(layer: Int, head: Int)]) {
        for p in pairs { heads[p.layer, default: []].insert(p.head) }
    }

    public var isEmpty: Bool { heads.values.allSatisfy(\.isEmpty) }
    public var count: Int { heads.values.reduce(0) { $0 + $1.count } }

    public func contains(layer: Int, head: Int) -> Bool { heads[layer]?.contains(head) == true }

    /// Knocks a head out, or brings it back.
    public mutating func toggle(layer: Int, head: Int) {
        if contains(layer: layer, head: head) {
            heads[layer]?.remove(head)
            if heads[layer]?.isEmpty == true { heads[layer] = nil }
        } else {
            heads[layer, default: []].insert(head)
        }
    }

    /// "5.3, 12.7" as people write it: 1-based layer.head pairs, commas between. Each is
    /// checked against the model's shape; the error names the first wrong one.
    public static func parse(_ text: String, layers: Int, heads: Int) -> Result<HeadKnockout, KnockoutError> {
        var pairs: [(layer: Int, head: Int)] = []
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= 4096 else {
            return .failure(KnockoutError(reason: "at most 4,096 heads can be knocked out at once"))
        }
        for raw in items {
            let item = raw.trimmingCharacters(in: .whitespaces)
            let parts = item.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let l = Int(parts[0]), let h = Int(parts[1]) else {
                return .failure(
                    KnockoutError(reason: "'\(shortened(item, limit: 20))' is not LAYER.HEAD (1-based, as in 5.3)"))
            }
            guard (1...layers).contains(l), (1...heads).contains(h) else {
                return .failure(
                    KnockoutError(reason: "head \(l).\(h) is outside the model's \(layers) layers × \(heads) heads"))
            }
            pairs.append((l - 1, h - 1))
        }
        return .success(HeadKnockout(pairs))
    }

    /// What happened to the heads, for panels and dumps: "out" (zeroed) or "mean-ablated".
    public var mode: String { mean ? "mean-ablated" : "out" }

    /// "5.3, 12.7", 1-based, in order.
    public var label: String {
        heads.keys.sorted().flatMap { l in heads[l]!.sorted().map { "\(l + 1).\($0 + 1)" } }.joined(separator: ", ")
    }
}

extension DecoderBlock {
    /// Zeroes the knocked-out heads' columns of the concatenated head outputs.
    static func knockOut(_ concat: inout Matrix, heads: Set<Int>, headSize hs: Int) {
        concat.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<concat.rows {
                for h in heads where (h + 1) * hs <= concat.cols {
                    for j in 0..<hs { p[r * concat.cols + h * hs + j] = 0 }
                }
            }
        }
    }
}

extension DecoderBlock {
    /// A layer's knocked-out heads, zeroed or mean-ablated as the state's knock-out says.
    static func ablate(_ concat: inout Matrix, layer l: Int, _ state: inout DecoderState, headSize: Int) {
        guard let out = state.knockout.heads[l], !out.isEmpty else { return }
        guard state.knockout.mean else {
            knockOut(&concat, heads: out, headSize: headSize)
            return
        }
        let width = concat.cols
        meanAblate(
            &concat, heads: out, headSize: headSize, sums: &state.ablationSums[l, default: RunningSums(width: width)])
    }

    /// Mean-ablation: each row's knocked-out columns become their running mean over the rows
    /// so far. `sums` holds one running-sum row per position already seen (rows × width) and
    /// gains the new ones, so a cache that appends later tokens continues the same sums.
    static func meanAblate(_ concat: inout Matrix, heads: Set<Int>, headSize hs: Int, sums: inout RunningSums) {
        let width = concat.cols
        let columns = heads.sorted().filter { ($0 + 1) * hs <= width }.flatMap { h in (h * hs)..<((h + 1) * hs) }
        concat.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<concat.rows {
                let seen = sums.rows
                var row =
                    seen > 0
                    ? Array(sums.values[((seen - 1) * width)..<(seen * width)])
                    : [Float](repeating: 0, count: width)
                for j in columns { row[j] += p[r * width + j] }
                sums.values.append(contentsOf: row)
                let count = Float(seen + 1)
                for j in columns { p[r * width + j] = row[j] / count }
            }
        }
    }
}

/// Why a knock-out list was refused, in one line.
public struct KnockoutError: Error, Equatable, Sendable {
    public var reason: String
}

extension DecoderModel {
    /// The logits after `ids` with no head knocked out (the "before" of a knock-out), from the
    /// last answer when the tokens are the same; nil when `cancelled` turns true first.
    func plainLogits(_ ids: [Int], unless cancelled: () -> Bool) -> [Float]? {
        if let hit = plainCache.withLock({ $0 }), hit.ids == ids { return hit.logits }
        var s = start()
        guard append(ids, to: &s, unless: cancelled) else { return nil }
        plainCache.withLock { $0 = (ids, s.logits) }
        return s.logits
    }
}
