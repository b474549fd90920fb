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

/// Work too slow for one frame, handed to the shell as an effect and answered by an action.
public struct ModelRequest: Equatable, Sendable {
    /// Answers to older generations are stale and dropped.
    public var generation: Int
    public var text: String
    /// The layer to keep in full (0-based).
    public var layer: Int
    public var hideSpecial: Bool
    /// The model's key (`ModelInfo.key`).
    public var model: String = ""
}

/// The shell's answer to a `ModelRequest`.
public struct ModelResult: Equatable, Sendable {
    public var generation: Int
    /// The model that answered: an answer for a model a lecture has since left is dropped.
    public var model: String = ""
    public var outcome: Outcome

    public enum Outcome: Equatable, Sendable {
        case computed(ModelOutput)
        case failed(String)
    }
}

/// Everything the views need from one forward pass, prepared off the main thread.
public struct ModelOutput: Equatable, Sendable {
    /// The model's own numbers, every token included.
    public var trace: ModelTrace
    /// The inspected layer as the heatmaps, arcs, inspector and explanation views show it
    /// (without [CLS]/[SEP] and renormalized when they are hidden).
    public var shown: AttentionTrace
    /// Positions (in `trace`) of the tokens shown.
    public var kept: [Int]
    /// What each head does on this input, [layer][head] (judged with every token present).
    public var patterns: [[HeadPattern]]
    public var overview: ModelOverview

    /// Sentence (0: A, 1: B) of each shown token; all 0 for a single sentence.
    public var segments: [Int] { kept.map { trace.encoding.types[$0] } }
    public var isPair: Bool { trace.encoding.isPair }
}

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
}

/// The app's side of a trained model: which layer is inspected, what was asked and answered.
public struct ModelSession: Equatable, Sendable {
    public var info: ModelInfo
    /// The inspected layer, 0-based.
    public var layer: Int
    /// Hide [CLS] and [SEP] rows and columns and renormalize what remains.
    public var hideSpecial: Bool
    /// For a ' ||| ' pair: which sentence's queries and keys the heatmaps and arcs show.
    public var pairFilter: PairFilter = .all
    public var generation: Int = 0
    /// A request `reduce` has not yet handed out as an effect.
    public var outbox: ModelRequest?
    /// Whether an answer to the newest request is still outstanding.
    public var computing = false
    public var output: ModelOutput?
    /// The model view's tiles before the latest answer, and when it came: the view cross-fades.
    public var previousOverview: ModelOverview?
    public var answeredAt: Double = -100

    public init(info: ModelInfo, layer: Int = 0, hideSpecial: Bool = false) {
        self.info = info
        self.layer = max(0, min(layer, info.layers - 1))
        self.hideSpecial = hideSpecial
    }
}

/// Runs a request against a model: on the window's worker thread, or inline in `render`,
/// `dump` and the tests. Pure apart from the time it takes.
public enum ModelRunner {
    public static func run(_ model: BertModel, _ r: ModelRequest) -> Action {
        let outcome: ModelResult.Outcome
        switch model.encode(r.text) {
        case .failure(let e): outcome = .failed(e.description)
        case .success(let encoding):
            outcome = .computed(output(model.forward(encoding, inspect: r.layer), hideSpecial: r.hideSpecial))
        }
        var result = ModelResult(generation: r.generation, outcome: outcome)
        result.model = r.model
        return .modelComputed(result)
    }

    /// Answers every model request in `effects` at once, and those the answers lead to, as
    /// `render`, `dump`, the tests and the benchmarks do; returns the other effects.
    @discardableResult
    public static func settle(_ state: inout AppState, _ model: BertModel?, effects: [Effect]) -> [Effect] {
        settle(&state, models: [:], fallback: model, effects: effects)
    }

    /// As `settle`, with the models a lecture switches between, by key.
    @discardableResult
    public static func settle(
        _ state: inout AppState, models: [String: BertModel], fallback: BertModel?, effects: [Effect]
    ) -> [Effect] {
        var queue = effects
        var others: [Effect] = []
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .computeModel(let request):
                if let model = models[request.model] ?? fallback { queue += reduce(&state, run(model, request)) }
            case .computeEngine(let request):
                queue += reduce(&state, EngineRunner.run(request))
            default:
                others.append(effect)
            }
        }
        return others
    }

    /// Patterns, rollout and the pooled overview of a trace, with special tokens hidden or not.
    public static func output(_ trace: ModelTrace, hideSpecial: Bool) -> ModelOutput {
        let n = trace.tokenCount
        let special = Set(trace.specialPositions)
        // Hiding needs something left to show.
        let kept = hideSpecial && special.count < n ? (0..<n).filter { !special.contains($0) } : Array(0..<n)
        let hiding = kept.count < n
        let tokens = trace.encoding.tokens
        let keys = HeadPattern.KeyClasses(tokens: tokens)
        let patterns = trace.attentions.map { layer in layer.map { HeadPattern.classify($0, keys: keys) } }
        let averages = trace.layerAverages()
        let rollouts = trace.rollouts(averages: averages)
        func shown(_ m: Matrix) -> Matrix { hiding ? m.keeping(kept, renormalize: true) : m }
        let m = kept.count
        let f = m > ModelOverview.maxSlots ? (m + ModelOverview.maxSlots - 1) / ModelOverview.maxSlots : 1
        func tile(_ w: Matrix) -> [Float] {
            let s = shown(w)
            return f == 1 ? s.storage : DisplayFrame.maxPool(s.storage, n: m, f: f)
        }
        let overview = ModelOverview(
            n: (m + f - 1) / f, pool: f,
            heads: trace.attentions.map { $0.map(tile) },
            averages: averages.map(tile), rollouts: rollouts.map(tile))
        return ModelOutput(
            trace: trace, shown: hiding ? trace.layer.keeping(kept) : trace.layer, kept: kept,
            patterns: patterns, overview: overview)
    }
}
