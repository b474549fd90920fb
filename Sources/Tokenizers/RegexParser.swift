import AttentionCore
import ModelFormats

/// A tokenizer pattern read into a tree: literals, `.`, classes, `\p{..}`, groups (`(?:`, `(?i:`,
/// named), alternation, greedy and lazy quantifiers, anchors, `\b` and one-position lookaheads
/// such as GPT-2's `(?!\S)`. Anything else is refused by name rather than guessed at.
indirect enum RegexNode: Sendable {
    case set(ScalarSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case repeated(RegexNode, min: Int, max: Int?, greedy: Bool)
    case assert(TokenizerRegex.Assertion)
}

extension RegexNode {
    /// The fewest scalars this node matches.
    var shortestMatch: Int {
        switch self {
        case .set: return 1
        case .assert: return 0
        case .sequence(let items): return items.reduce(0) { $0 + $1.shortestMatch }
        case .alternation(let branches): return branches.map(\.shortestMatch).min() ?? 0
        case .repeated(let body, let min, _, _): return min * body.shortestMatch
        }
    }
}

struct RegexParser {
    let scalars: [Unicode.Scalar]
    let source: String
    var i = 0
    /// Deepest nesting of groups accepted (each level is a recursion).
    static let maxDepth = 200
    /// Largest count of a `{m,n}` repetition.
    static let maxCount = 1_000

    init(_ source: String) {
        self.source = source
        scalars = Array(source.unicodeScalars)
    }

    mutating func parse() throws(ModelError) -> RegexNode {
        let node = try alternation(ignoringCase: false, depth: 0)
        guard i == scalars.count else { throw refusal("an unmatched ')'") }
        return node
    }

    func refusal(_ what: String) -> ModelError {
        .tokenizer(
            "the pattern \(shortened(source, limit: 60)) is not a regular expression AttnViz can run: it has \(what)")
    }

    var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    mutating func next() -> Unicode.Scalar? {
        guard i < scalars.count else { return nil }
        defer { i += 1 }
        return scalars[i]
    }

    mutating func take(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        guard i + u.count <= scalars.count, Array(scalars[i..<i + u.count]) == u else { return false }
        i += u.count
        return true
    }

    private mutating func alternation(ignoringCase: Bool, depth: Int) throws(ModelError) -> RegexNode {
        guard depth < Self.maxDepth else { throw refusal("groups nested over \(Self.maxDepth) deep") }
        var caseless = ignoringCase
        var branches: [RegexNode] = []
        var items: [RegexNode] = []
        while let c = peek, c != ")" {
            if c == "|" {
                i += 1
                branches.append(.sequence(items))
                items = []
                continue
            }
            if take("(?i)") {
                caseless = true
                continue
            }
            if take("(?-i)") {
                caseless = false
                continue
            }
            let atom = try self.atom(ignoringCase: caseless, depth: depth)
            items.append(try quantified(atom))
        }
        branches.append(.sequence(items))
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func atom(ignoringCase: Bool, depth: Int) throws(ModelError) -> RegexNode {
        guard let c = peek else { throw refusal("a missing atom") }
        i += 1
        switch c {
        case "(": return try group(ignoringCase: ignoringCase, depth: depth)
        case "[": return .set(try bracket(ignoringCase: ignoringCase, depth: 0))
        case ".": return .set(.any)
        case "^": return .assert(.lineStart)
        case "$": return .assert(.lineEnd)
        case "*", "+", "?": throw refusal("a quantifier with nothing before it")
        case "\\":
            switch peek {
            case "A":
                i += 1
                return .assert(.textStart)
            case "z":
                i += 1
                return .assert(.textEnd)
            case "Z":
                i += 1
                return .assert(.textEndBeforeNewline)
            case "b":
                i += 1
                return .assert(.wordBoundary(true))
            case "B":
                i += 1
                return .assert(.wordBoundary(false))
            default: return .set(try escape(ignoringCase: ignoringCase))
            }
        default: return .set(.scalar(c, ignoringCase: ignoringCase))
        }
    }

    private mutating func group(ignoringCase: Bool, depth: Int) throws(ModelError) -> RegexNode {
        var caseless = ignoringCase
        var lookahead: Bool?
        if take("?:") {
        } else if take("?i:") {
            caseless = true
        } else if take("?-i:") {
            caseless = false
        } else if take("?=") {
            lookahead = true
        } else if take("?!") {
            lookahead = false
        } else if take("?<") || take("?P<") || take("?'") {
            guard peek != "=" && peek != "!" else { throw refusal("a lookbehind") }
            while let c = peek, c != ">" && c != "'" { i += 1 }
            i += 1
        } else if peek == "?" {
            throw refusal("a '(?' group of a kind it does not know")
        }
        let inner = try alternation(ignoringCase: caseless, depth: depth + 1)
        guard take(")") else { throw refusal("an unclosed '('") }
        guard let wanted = lookahead else { return inner }
        // One position ahead: what GPT-2's `\s+(?!\S)` needs.
        if case .sequence(let items) = inner, items.count == 1, case .set(let set) = items[0] {
            return .assert(.ahead(set, wanted))
        }
        throw refusal("a lookahead longer than one character")
    }

    private mutating func quantified(_ atom: RegexNode) throws(ModelError) -> RegexNode {
        let bounds: (Int, Int?)
        switch peek {
        case "*", "+", "?":
            bounds = peek == "*" ? (0, nil) : peek == "+" ? (1, nil) : (0, 1)
            i += 1
        case "{":
            guard let b = counted() else { return atom }
            bounds = b
        default: return atom
        }
        if case .assert = atom { throw refusal("a quantified anchor") }
        var greedy = true
        if peek == "?" {
            i += 1
            greedy = false
        } else if peek == "+" {
            throw refusal("a possessive quantifier")
        }
        guard bounds.0 <= Self.maxCount, (bounds.1 ?? 0) <= Self.maxCount, bounds.0 <= (bounds.1 ?? .max) else {
            throw refusal("a repetition count over \(Self.maxCount) or out of order")
        }
        return .repeated(atom, min: bounds.0, max: bounds.1, greedy: greedy)
    }

    /// `{m}`, `{m,}`, `{m,n}` (consumed), or nil when the brace is a literal (consumed nothing).
    private mutating func counted() -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var v: Int?
            while j < scalars.count, let d = Int(String(scalars[j])), scalars[j].isASCII {
                v = min((v ?? 0) * 10 + d, 1_000_000)
                j += 1
            }
            return v
        }
        guard let m = number() else { return nil }
        var n: Int? = m
        if j < scalars.count && scalars[j] == "," {
            j += 1
            n = number()
        }
        guard j < scalars.count && scalars[j] == "}" else { return nil }
        i = j + 1
        return (m, n)
    }
}
