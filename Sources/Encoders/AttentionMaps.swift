import AttentionCore
import ModelFormats
import Tokenizers

/// Every layer's attention of one forward pass, [layer][head]: an encoder's full n × n matrices,
/// or a decoder's causal rows packed one after another (row q holds q + 1 weights) and shared
/// with its key/value cache rather than copied.
///
/// A view asks for the maps it draws, a layer at a time; only `all` (the dumps and the tests)
/// makes every matrix at once. At 331 tokens SmolLM2's 30 × 9 maps are 118 MB as matrices: the
/// window kept them, twice while a keystroke was computed, and never drew them.
public struct AttentionMaps: Equatable, Sendable {
    public let layers: Int
    public let heads: Int
    public let tokens: Int
    let storage: Storage

    enum Storage: Equatable, Sendable {
        case full([[Matrix]])
        case causal([[[Float]]])
        /// The counts only: what a view keeps once it has taken what it shows.
        case released
    }

    /// Full matrices, [layer][head], each n × n.
    public init(full: [[Matrix]]) {
        layers = full.count
        heads = full.first?.count ?? 0
        tokens = full.first?.first?.rows ?? 0
        storage = .full(full)
    }

    /// Causal rows, [layer][head], each n(n + 1)/2 weights.
    public init(causalRows: [[[Float]]], tokens: Int) {
        layers = causalRows.count
        heads = causalRows.first?.count ?? 0
        self.tokens = tokens
        storage = .causal(causalRows)
    }

    /// Layer `l`, head `h` as an n × n matrix (zero above the diagonal for causal rows).
    public func matrix(layer l: Int, head h: Int) -> Matrix {
        switch storage {
        case .full(let m): return m[l][h]
        case .causal(let rows): return Self.unpack(causal: rows[l][h], tokens: tokens)
        case .released: preconditionFailure("the attention maps were released")
        }
    }

    /// The heads of layer `l`.
    public func layer(_ l: Int) -> [Matrix] { (0..<heads).map { matrix(layer: l, head: $0) } }

    /// Every map as a matrix, [layer][head].
    public var all: [[Matrix]] { (0..<layers).map(layer) }

    public var isReleased: Bool { storage == .released }

    /// The same counts without the numbers.
    public func released() -> AttentionMaps {
        AttentionMaps(layers: layers, heads: heads, tokens: tokens, storage: .released)
    }

    init(layers: Int, heads: Int, tokens: Int, storage: Storage) {
        (self.layers, self.heads, self.tokens, self.storage) = (layers, heads, tokens, storage)
    }

    /// n × n from packed causal rows.
    package static func unpack(causal rows: [Float], tokens n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        m.storage.withUnsafeMutableBufferPointer { mp in
            rows.withUnsafeBufferPointer { rp in
                guard let d = mp.baseAddress, let s = rp.baseAddress else { return }
                for q in 0..<n { (d + q * n).update(from: s + q * (q + 1) / 2, count: q + 1) }
            }
        }
        return m
    }
}
