import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// The model view's tiles: every layer's heads, average and rollout, pooled to a few dozen
/// slots so that drawing 80 tiles costs little whatever the length of the input.
public struct ModelOverview: Equatable, Sendable {
    public static let maxSlots = 64
    public var n: Int
    public var pool: Int
    /// [layer][head], n × n row-major.
    public var heads: [[[Float]]]
    public var averages: [[Float]]
    public var rollouts: [[Float]]

    public init(n: Int, pool: Int, heads: [[[Float]]], averages: [[Float]], rollouts: [[Float]]) {
        self.n = n
        self.pool = pool
        self.heads = heads
        self.averages = averages
        self.rollouts = rollouts
    }
}
