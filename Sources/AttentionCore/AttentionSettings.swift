/// The knobs of one forward pass: sizes, seed, mask and the encoding of positions.
public struct AttentionSettings: Equatable, Sendable {
    public var dModel: Int
    public var heads: Int
    public var seed: UInt64
    public var mask: MaskSpec
    public var positional: Bool
    /// Softmax temperature T: weights = softmax(scores / T). 1 is the transformer's own.
    public var temperature: Float
    /// Whether scores are divided by √d_k (the what-if that shows why it is there).
    public var scaleScores: Bool
    /// What a score is divided by when it is scaled: √d_k, unless a trained model says otherwise
    /// (Gemma's query_pre_attn_scalar).
    public var scoreDivisor: Float?
    /// A trained model's soft cap on scores (Gemma 2): s becomes cap · tanh(s / cap).
    public var scoreSoftcap: Float?
    /// How the summary heatmap combines heads.
    public var aggregation: HeadAggregation

    /// Lecture defaults: small enough to read every number on a slide.
    public static let lecture = AttentionSettings(dModel: 16, heads: 4, seed: 42, mask: .none, positional: false)

    public static let temperatureRange: ClosedRange<Float> = 0.1...10

    public init(
        dModel: Int, heads: Int, seed: UInt64, mask: MaskSpec, positional: Bool,
        temperature: Float = 1, scaleScores: Bool = true, aggregation: HeadAggregation = .mean
    ) {
        self.dModel = dModel
        self.heads = heads
        self.seed = seed
        self.mask = mask
        self.positional = positional
        self.temperature = temperature
        self.scaleScores = scaleScores
        self.aggregation = aggregation
    }

    public var dK: Int { heads > 0 ? dModel / heads : 0 }

    /// Checks sizes before anything is allocated.
    public func validate(tokenCount: Int) -> AttentionError? {
        if dModel < 1 { return .invalidDModel(dModel) }
        if dModel > AttentionLimits.maxDModel { return .dModelTooLarge(dModel) }
        if heads < 1 { return .invalidHeads(heads) }
        if heads > dModel || dModel % heads != 0 { return .headsDoNotDivide(dModel: dModel, heads: heads) }
        if mask.padding < 0 { return .negativePadding(mask.padding) }
        if mask.window < 0 { return .negativeWindow(mask.window) }
        if !(temperature.isFinite && AttentionSettings.temperatureRange.contains(temperature)) {
            return .temperatureOutOfRange(temperature)
        }
        if tokenCount == 0 { return .emptyInput }
        if tokenCount > AttentionLimits.maxTokens { return .tooManyTokens(tokenCount) }
        let need = MemoryBudget.engineBytes(tokens: tokenCount, dModel: dModel, heads: heads)
        if need > Double(MemoryBudget.bytes) {
            // The largest head count (a divisor of d_model) and token count that fit.
            let budget = Double(MemoryBudget.bytes)
            let fitHeads = (1...dModel).reversed().first {
                dModel % $0 == 0 && MemoryBudget.engineBytes(tokens: tokenCount, dModel: dModel, heads: $0) <= budget
            }
            var fitTokens = tokenCount
            while fitTokens > 1 && MemoryBudget.engineBytes(tokens: fitTokens, dModel: dModel, heads: heads) > budget {
                fitTokens = fitTokens * 9 / 10
            }
            return .tooLarge(needed: need, budget: budget, fitHeads: fitHeads, fitTokens: fitTokens)
        }
        return nil
    }
}

/// Sizes beyond which a live lecture tool has no business going.
public enum AttentionLimits {
    public static let maxTokens = 4096
    public static let maxDModel = 4096
}

/// How the summary heatmap combines the heads.
public enum HeadAggregation: String, Sendable, Equatable, CaseIterable {
    case mean
    case max
}

/// Which keys each query may not see.
///
/// Every mask here leaves each query a contiguous run of visible keys, `[lo, hi)`, which keeps
/// the softmax a simple, vectorized pass over one range.
public struct MaskSpec: Equatable, Sendable {
    /// Key j is hidden from query i when j > i.
    public var causal: Bool
    /// The last `padding` keys are PAD for every query (requested; clamped when applied).
    public var padding: Int
    /// Sliding window: key j is visible to query i only when |i − j| < window (with causal,
    /// i − window < j ≤ i). 0 turns it off.
    public var window: Int

    public static let none = MaskSpec(causal: false, padding: 0)

    public init(causal: Bool, padding: Int, window: Int = 0) {
        self.causal = causal
        self.padding = padding
        self.window = window
    }

    /// Padding clamped to n - 1 so that every query keeps at least key 0.
    public func effectivePadding(tokenCount n: Int) -> Int {
        max(0, min(padding, n - 1))
    }

    /// The visible keys of query `i`: `[lo, hi)`. Key j is visible when it is not PAD, and, with a
    /// window, |i − j| < W, and, with causal, j ≤ i. Without a window a query always sees key 0
    /// (padding is clamped to n − 1). With one, a PAD query far enough into the padding has only
    /// PAD in its window: it sees no key at all, and its weights and output are all zero (it
    /// attends to nothing, rather than to a key outside its window).
    @inline(__always)
    public func visibleKeys(query i: Int, tokenCount n: Int) -> Range<Int> {
        var hi = n - effectivePadding(tokenCount: n)
        if causal { hi = min(hi, i + 1) }
        var lo = 0
        if window > 0 {
            // A window wider than the sequence is no window; clamping first keeps i + w in range
            // whatever W was asked for (Int.max included).
            let w = min(window, n)
            lo = max(0, i - w + 1)
            if !causal { hi = min(hi, i + w) }
        }
        return lo..<max(lo, hi)
    }

    /// Whether key `j` is hidden from query `i` in a sequence of `n` tokens.
    @inline(__always)
    public func isMasked(query i: Int, key j: Int, tokenCount n: Int) -> Bool {
        !visibleKeys(query: i, tokenCount: n).contains(j)
    }

    /// Whether any key is ever hidden.
    public var isNone: Bool { !causal && padding == 0 && window == 0 }

    /// Parses `none`, or `+`-joined parts: `causal`, `padding:P`, `window:W`
    /// (e.g. `causal+padding:2`).
    public static func parse(_ text: String) -> MaskSpec? {
        let t = text.lowercased()
        if t == "none" { return MaskSpec.none }
        var spec = MaskSpec.none
        var seen = Set<String>()
        for part in t.split(separator: "+", omittingEmptySubsequences: false) {
            let kv = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0])
            guard !seen.contains(key) else { return nil }
            seen.insert(key)
            switch (key, kv.count) {
            case ("causal", 1): spec.causal = true
            case ("padding", 2):
                guard let p = Int(kv[1]), p >= 0 else { return nil }
                spec.padding = p
            case ("window", 2):
                guard let w = Int(kv[1]), w >= 1 else { return nil }
                spec.window = w
            default: return nil
            }
        }
        return spec
    }

    public var label: String {
        var parts: [String] = []
        if causal { parts.append("causal") }
        if window > 0 { parts.append("window:\(window)") }
        if padding > 0 { parts.append("padding:\(padding)") }
        return parts.isEmpty ? "none" : parts.joined(separator: "+")
    }
}

/// Settings or input the engine cannot honour, said the way a person understands.
public enum AttentionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDModel(Int)
    case dModelTooLarge(Int)
    case invalidHeads(Int)
    case headsDoNotDivide(dModel: Int, heads: Int)
    case negativePadding(Int)
    case negativeWindow(Int)
    case temperatureOutOfRange(Float)
    case emptyInput
    case tooManyTokens(Int)
    /// The trace would not fit the memory budget; what would.
    case tooLarge(needed: Double, budget: Double, fitHeads: Int?, fitTokens: Int)
    case tokenization(TokenizationError)

    public var description: String {
        switch self {
        case .invalidDModel(let d): return "d_model must be at least 1 (got \(d))"
        case .dModelTooLarge(let d): return "d_model \(d) is too large (at most \(AttentionLimits.maxDModel))"
        case .invalidHeads(let h): return "heads must be at least 1 (got \(h))"
        case .headsDoNotDivide(let d, let h):
            return "d_model \(d) is not divisible by \(h) heads (each head needs d_model/heads columns)"
        case .negativePadding(let p): return "padding must be 0 or more (got \(p))"
        case .negativeWindow(let w): return "window must be 0 (off) or more (got \(w))"
        case .temperatureOutOfRange(let t): return "temperature must be between 0.1 and 10 (got \(t))"
        case .emptyInput: return "the input has no tokens; type a few words or numbers"
        case .tooManyTokens(let n): return "\(n) tokens is too many (at most \(AttentionLimits.maxTokens))"
        case .tooLarge(let needed, let budget, let fitHeads, let fitTokens):
            let heads = fitHeads.map { "at most \($0) heads" } ?? "a smaller d_model"
            return "this needs about \(MemoryBudget.format(needed)) but the budget is \(MemoryBudget.format(budget)) "
                + "(a quarter of the memory this process may use): use \(heads), or at most \(fitTokens) tokens"
        case .tokenization(let e): return e.description
        }
    }
}
