import AttentionCore
import Foundation
import ModelFormats

/// tokenizer.json's `pre_tokenizer`: how normalized text is cut into the words the model splits.
indirect enum PreTokenizerStep: Sendable {
    case bert
    /// Bytes as GPT-2's printable characters, after the split of `family` (GPT-2's pattern, or a
    /// GGUF family's: SmolLM's cuts every digit first); nil: the text whole.
    case byteLevel(prefixSpace: Bool, family: PreTokenizer?)
    /// `\w+|[^\w\s]+`.
    case whitespace
    case whitespaceSplit
    case metaspace(replacement: String, prepend: Bool, split: Bool)
    case split(TextPattern, SplitBehavior, invert: Bool)
    case digits(individual: Bool)
    case punctuation(SplitBehavior)
    case sequence([PreTokenizerStep])

    static func parse(_ value: Any?) throws(ModelError) -> PreTokenizerStep? {
        guard let value, !(value is NSNull) else { return nil }
        let f = try JSONFields(value, "pre_tokenizer")
        switch f.type {
        case "BertPreTokenizer": return .bert
        case "ByteLevel":
            return .byteLevel(
                prefixSpace: try f.bool("add_prefix_space", default: true),
                family: try f.bool("use_regex", default: true) ? .gpt2 : nil)
        case "Whitespace": return .whitespace
        case "WhitespaceSplit": return .whitespaceSplit
        case "Metaspace":
            let legacy = try f.bool("add_prefix_space", default: true) ? "always" : "never"
            let scheme = try f.optionalString("prepend_scheme") ?? legacy
            guard ["always", "first", "never"].contains(scheme) else {
                throw .tokenizer(
                    "Metaspace's prepend_scheme '\(shortened(scheme, limit: 20))' is not always, first or never")
            }
            return .metaspace(
                replacement: try f.optionalString("replacement") ?? "▁", prepend: scheme != "never",
                split: try f.bool("split", default: true))
        case "Split":
            return .split(
                try f.pattern(), try SplitBehavior.parse(try f.string("behavior")),
                invert: try f.bool("invert", default: false))
        case "Digits": return .digits(individual: try f.bool("individual_digits", default: false))
        case "Punctuation": return .punctuation(try SplitBehavior.parse(try f.optionalString("behavior") ?? "Isolated"))
        case "Sequence":
            var steps: [PreTokenizerStep] = []
            for item in try f.array("pretokenizers") {
                if let p = try parse(item) { steps.append(p) }
            }
            return .sequence(steps)
        case let other:
            throw .tokenizer(
                "the pre-tokenizer \(other.map { "'\(shortened($0, limit: 40))'" } ?? "without a type") is not supported"
            )
        }
    }

    /// The pieces of each piece, in order.
    func apply(_ pieces: [String]) -> [String] {
        switch self {
        case .sequence(let steps): return steps.reduce(pieces) { $1.apply($0) }
        default: return pieces.flatMap(split)
        }
    }

    func split(_ s: String) -> [String] {
        switch self {
        case .bert:
            return PieceCutter.cut(s) { u in
                CharacterClass.isBertWhitespace(u) ? .drop : CharacterClass.isPunctuation(u) ? .alone : .keep
            }
        case .byteLevel(let prefixSpace, let family):
            let t = prefixSpace && !s.hasPrefix(" ") ? " " + s : s
            return (family?.split(t) ?? [t]).map { ByteLevel.encode($0.utf8) }
        case .whitespace: return PieceCutter.runs(s)
        case .whitespaceSplit: return PieceCutter.cut(s) { $0.properties.isWhitespace ? .drop : .keep }
        case .metaspace(let replacement, let prepend, let split):
            var t = s.replacingOccurrences(of: " ", with: replacement)
            if prepend && !t.hasPrefix(replacement) { t = replacement + t }
            guard split else { return [t] }
            return SplitBehavior.mergedWithNext.apply(t, TextPattern.literal(replacement).matches(in: t))
        case .split(let pattern, let behavior, let invert):
            let found = pattern.matches(in: s)
            return invert ? behavior.apply(s, SplitBehavior.gaps(s, found)) : behavior.apply(s, found)
        case .digits(let individual):
            let digit: (Unicode.Scalar) -> Bool = { $0.properties.numericType == .decimal }
            if individual { return PieceCutter.cut(s) { digit($0) ? .alone : .keep } }
            return PieceCutter.groups(s) { digit($0) ? 1 : 0 }
        case .punctuation(let behavior):
            let found = s.unicodeScalars.indices.filter { CharacterClass.isPunctuation(s.unicodeScalars[$0]) }
                .map { $0..<s.unicodeScalars.index(after: $0) }
            return behavior.apply(s, found)
        case .sequence: return apply([s])
        }
    }
}

/// What Split does with the pieces its pattern matched (tokenizers' SplitDelimiterBehavior).
enum SplitBehavior: Sendable {
    case removed, isolated, mergedWithPrevious, mergedWithNext, contiguous

    static func parse(_ s: String) throws(ModelError) -> SplitBehavior {
        switch s {
        case "Removed": return .removed
        case "Isolated": return .isolated
        case "MergedWithPrevious": return .mergedWithPrevious
        case "MergedWithNext": return .mergedWithNext
        case "Contiguous": return .contiguous
        default: throw .tokenizer("the split behavior '\(shortened(s, limit: 30))' is not one tokenizers defines")
        }
    }

    /// The stretches between `matches`.
    static func gaps(_ s: String, _ matches: [Range<String.Index>]) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var from = s.startIndex
        for m in matches {
            if m.lowerBound > from { out.append(from..<m.lowerBound) }
            from = m.upperBound
        }
        if from < s.endIndex { out.append(from..<s.endIndex) }
        return out
    }

    /// `s` cut at `matches` (non-overlapping, in order), never an empty piece.
    func apply(_ s: String, _ matches: [Range<String.Index>]) -> [String] {
        var parts: [(Range<String.Index>, isMatch: Bool)] = []
        var from = s.startIndex
        for m in matches {
            if m.lowerBound > from { parts.append((from..<m.lowerBound, false)) }
            parts.append((m, true))
            from = m.upperBound
        }
        if from < s.endIndex { parts.append((from..<s.endIndex, false)) }
        var out: [Range<String.Index>] = []
        var pendingNext: String.Index?
        var lastWasMatch = false
        for (r, isMatch) in parts {
            switch self {
            case .removed: if !isMatch { out.append(r) }
            case .isolated: out.append(r)
            case .mergedWithPrevious:
                if isMatch, let last = out.last, !lastWasMatch {
                    out[out.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    out.append(r)
                }
            case .mergedWithNext:
                if isMatch {
                    if let p = pendingNext { out.append(p..<r.lowerBound) }
                    pendingNext = r.lowerBound
                } else {
                    out.append((pendingNext ?? r.lowerBound)..<r.upperBound)
                    pendingNext = nil
                }
            case .contiguous:
                if isMatch && lastWasMatch, let last = out.last {
                    out[out.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    out.append(r)
                }
            }
            lastWasMatch = isMatch
        }
        if let p = pendingNext { out.append(p..<s.endIndex) }
        return out.filter { !$0.isEmpty }.map { String(s.unicodeScalars[$0]) }
    }
}

/// Cuts text scalar by scalar.
enum PieceCutter {
    enum Rule { case keep, drop, alone }

    static func cut(_ s: String, _ rule: (Unicode.Scalar) -> Rule) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch rule(u) {
            case .keep: current.append(u)
            case .drop, .alone:
                if !current.isEmpty { out.append(String(current)) }
                current = String.UnicodeScalarView()
                if rule(u) == .alone { out.append(String(u)) }
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// Runs of scalars of the same class, each run a piece.
    static func groups(_ s: String, _ kind: (Unicode.Scalar) -> Int) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var currentKind = -1
        for u in s.unicodeScalars {
            let k = kind(u)
            if k != currentKind && !current.isEmpty {
                out.append(String(current))
                current = String.UnicodeScalarView()
            }
            current.append(u)
            currentKind = k
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// `\w+|[^\w\s]+`: runs of word characters and runs of other non-space characters.
    static func runs(_ s: String) -> [String] {
        var out: [String] = []
        for g in groups(s, { $0.properties.isWhitespace ? 0 : CharacterClass.isWord($0) ? 1 : 2 }) {
            if let f = g.unicodeScalars.first, !f.properties.isWhitespace { out.append(g) }
        }
        return out
    }
}
