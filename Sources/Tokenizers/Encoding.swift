import ModelFormats

/// A tokenized input: what the views label, what the model reads.
public struct Encoding: Equatable, Sendable {
    public var tokens: [String]
    public var ids: [Int]
    /// 0 for [CLS], sentence A and its [SEP]; 1 for sentence B and the final [SEP].
    public var types: [Int]
    public var isPair: Bool

    public init(tokens: [String], ids: [Int], types: [Int], isPair: Bool) {
        self.tokens = tokens
        self.ids = ids
        self.types = types
        self.isPair = isPair
    }

    public var count: Int { tokens.count }
}
