import AttentionCore
import TrainedModels

/// What the app knows of the trained model on screen; the model itself lives in the shell.
public struct ModelInfo: Equatable, Sendable {
    public var name: String
    /// Which loaded model this is (its folder), when a lecture switches between several.
    public var key: String = ""
    public var layers: Int
    public var heads: Int
    public var hidden: Int
    public var maxTokens: Int

    public init(name: String, layers: Int, heads: Int, hidden: Int, maxTokens: Int) {
        self.name = name
        self.layers = layers
        self.heads = heads
        self.hidden = hidden
        self.maxTokens = maxTokens
    }

    public init(_ model: BertModel, key: String = "") {
        self.init(
            name: model.name, layers: model.config.layers, heads: model.config.heads,
            hidden: model.config.hiddenSize, maxTokens: model.config.maxPositions)
        self.key = key
    }
}
