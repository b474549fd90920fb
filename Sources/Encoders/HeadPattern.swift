import AttentionCore
import ModelFormats
import Tokenizers

#if canImport(Glibc)
    import Glibc
#endif

/// What a head mostly does on the current input, read off its weights: the badge on its tile.
public enum HeadPattern: String, Equatable, Sendable, CaseIterable {
    case previous, next
    case selfToken = "self"
    case cls, sep, punctuation, broad, mixed
    /// A decoder's first token, where heads with nothing to do park their weight.
    case sink

    /// A head has a pattern when, averaged over its queries, at least this share of the weight
    /// goes to that kind of key.
    public static let threshold: Float = 0.5
    /// Broad: mean row entropy at least this fraction of log(n).
    public static let broadEntropy: Float = 0.75

    /// What each key is, worked out once per input and shared by every head.
    public struct KeyClasses: Sendable {
        let isCls: [Bool], isSep: [Bool], isPunct: [Bool]
        /// A decoder: its first token is the sink, and the last token is not a separator
        /// (causal attention reaches it from one query only).
        let decoder: Bool

        public init(tokens: [String], decoder: Bool = false) {
            let n = tokens.count
            self.decoder = decoder
            isCls = tokens.map { !decoder && HeadPattern.classTokens.contains($0) }
            isSep = tokens.indices.map {
                HeadPattern.separators.contains(tokens[$0])
                    || (!decoder && !HeadPattern.classTokens.contains(tokens[$0]) && $0 == n - 1)
            }
            isPunct = tokens.map { t in
                !t.isEmpty
                    && t.unicodeScalars.allSatisfy {
                        $0.properties.generalCategory.isPunctuation || "$+<=>^`|~".unicodeScalars.contains($0)
                    }
            }
        }
    }

    /// Classifies n × n weights. Positional patterns (previous, next, self) are checked first,
    /// then special tokens, punctuation, and entropy last (computed only when nothing else fits).
    public static func classify(_ w: Matrix, tokens: [String]) -> HeadPattern {
        classify(w, keys: KeyClasses(tokens: tokens))
    }

    public static func classify(_ w: Matrix, keys: KeyClasses) -> HeadPattern {
        let n = w.rows
        guard n >= 2, w.cols == n, keys.isCls.count == n else { return .mixed }
        var prev: Float = 0
        var next: Float = 0
        var me: Float = 0
        var cls: Float = 0
        var sep: Float = 0
        var punct: Float = 0
        for i in 0..<n {
            if i > 0 { prev += w[i, i - 1] }
            if i + 1 < n { next += w[i, i + 1] }
            me += w[i, i]
        }
        for j in 0..<n where keys.isCls[j] || keys.isSep[j] || keys.isPunct[j] {
            var column: Float = 0
            for i in 0..<n { column += w[i, j] }
            if keys.isCls[j] { cls += column }
            if keys.isSep[j] { sep += column }
            if keys.isPunct[j] { punct += column }
        }
        // Previous/next are judged over the queries that have such a neighbour.
        let scores: [(HeadPattern, Float)] = [
            (.previous, prev / Float(n - 1)), (.next, next / Float(n - 1)), (.selfToken, me / Float(n)),
            (.cls, cls / Float(n)), (.sep, sep / Float(n)), (.punctuation, punct / Float(n)),
            (.sink, keys.decoder ? sink(w) : 0),
        ]
        var best: (HeadPattern, Float) = (.mixed, 0)
        for s in scores where s.1 > best.1 { best = s }
        if best.1 >= threshold { return best.0 }
        var entropy: Float = 0
        for v in w.storage where v > 0 { entropy -= v * logf(v) }
        if entropy / Float(n) >= broadEntropy * logf(Float(n)) { return .broad }
        return .mixed
    }
}

extension HeadPattern {
    /// The mean weight on key 0 over the queries after it (query 0 has no other choice).
    static func sink(_ w: Matrix) -> Float {
        let n = w.rows
        guard n >= 2 else { return 0 }
        var s: Float = 0
        for i in 1..<n { s += w[i, 0] }
        return s / Float(n - 1)
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }
}

extension HeadPattern {
    /// What an encoder's tokenizer puts first: BERT's [CLS], RoBERTa's and MPNet's <s>.
    public static let classTokens: Set<String> = ["[CLS]", "<s>"]
    /// What closes a sentence: [SEP], </s>.
    public static let separators: Set<String> = ["[SEP]", "</s>"]
}
