import AttentionCore
import ModelFormats

/// A regular expression of the kind tokenizer.json files carry, matched in time linear in the
/// text (a Pike VM: every alternative advanced together, one scalar at a time), so no pattern,
/// however it nests, can hang a keystroke. Oniguruma's leftmost-first answers: the threads are
/// kept in the priority a backtracking matcher would try them.
struct TokenizerRegex: Sendable {
    enum Instruction: Sendable, Equatable {
        case scalar(ScalarSet)
        /// Try `first`, then `second`.
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    enum Assertion: Sendable, Equatable {
        /// `^` and `$`: Oniguruma's are line anchors.
        case lineStart, lineEnd
        /// `\A`, `\z`, `\Z` (the end or before a final line feed).
        case textStart, textEnd, textEndBeforeNewline
        case wordBoundary(Bool)
        /// `(?=X)` (`true`) and `(?!X)` (`false`) of one position.
        case ahead(ScalarSet, Bool)
    }

    let program: [Instruction]
    let source: String
    /// The fewest scalars a match of the pattern has.
    let shortestMatch: Int

    /// The most instructions a pattern may compile to (`{1000}` repeats copy their body).
    static let maxProgram = 50_000

    init(_ source: String) throws(ModelError) {
        self.source = source
        var parser = RegexParser(source)
        let node = try parser.parse()
        shortestMatch = node.shortestMatch
        var compiler = RegexCompiler()
        compiler.emit(node)
        compiler.program.append(.match)
        guard compiler.program.count <= Self.maxProgram else {
            throw .tokenizer("the pattern \(shortened(source, limit: 60)) is too large to run")
        }
        program = compiler.program
    }

    /// Every non-empty, non-overlapping leftmost-first match, as scalar offsets, left to right.
    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var vm = PikeVM(program: program, text: text)
        var from = 0
        while from <= text.count, let m = vm.firstMatch(from: from) {
            if m.isEmpty {
                from = m.lowerBound + 1
            } else {
                out.append(m)
                from = m.upperBound
            }
        }
        return out
    }
}

/// The matcher's working lists, reused across the searches of one text.
struct PikeVM {
    let program: [TokenizerRegex.Instruction]
    let text: [Unicode.Scalar]
    /// Per instruction, the step that last added it (a thread is added once per step).
    private var seen: [Int]
    private var step = 0
    private var stack: [Int] = []

    init(program: [TokenizerRegex.Instruction], text: [Unicode.Scalar]) {
        self.program = program
        self.text = text
        seen = Array(repeating: -1, count: program.count)
    }

    /// The leftmost match starting at or after `from`, the one a backtracking matcher prefers.
    mutating func firstMatch(from: Int) -> Range<Int>? {
        var current: [(pc: Int, start: Int)] = []
        var next: [(pc: Int, start: Int)] = []
        var found: Range<Int>?
        var i = from
        step += 1
        while i <= text.count {
            if found == nil { add(0, at: i, start: i, to: &current) }
            step += 1
            if current.isEmpty {
                if found != nil { break }
                i += 1
                continue
            }
            next.removeAll(keepingCapacity: true)
            for t in current {
                if case .scalar(let set) = program[t.pc] {
                    if i < text.count && set.contains(text[i]) { add(t.pc + 1, at: i + 1, start: t.start, to: &next) }
                } else if case .match = program[t.pc] {
                    // Threads after this one have lower priority: a backtracker never reaches them.
                    found = t.start..<i
                    break
                }
            }
            swap(&current, &next)
            i += 1
        }
        return found
    }

    /// Adds `pc`'s thread and everything it reaches without reading a scalar, in priority order.
    private mutating func add(_ pc: Int, at i: Int, start: Int, to list: inout [(pc: Int, start: Int)]) {
        stack.removeAll(keepingCapacity: true)
        stack.append(pc)
        while let p = stack.popLast() {
            guard seen[p] != step else { continue }
            seen[p] = step
            switch program[p] {
            case .jump(let to): stack.append(to)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assert(let a): if holds(a, at: i) { stack.append(p + 1) }
            case .scalar, .match: list.append((p, start))
            }
        }
    }

    func holds(_ a: TokenizerRegex.Assertion, at i: Int) -> Bool {
        let before = i > 0 ? text[i - 1] : nil
        let after = i < text.count ? text[i] : nil
        switch a {
        case .lineStart: return before == nil || before == "\n"
        case .lineEnd: return after == nil || after == "\n"
        case .textStart: return i == 0
        case .textEnd: return after == nil
        case .textEndBeforeNewline: return after == nil || (i == text.count - 1 && after == "\n")
        case .wordBoundary(let wanted):
            let w1 = before.map(ScalarSet.isWord) ?? false
            let w2 = after.map(ScalarSet.isWord) ?? false
            return (w1 != w2) == wanted
        case .ahead(let set, let wanted): return (after.map(set.contains) ?? false) == wanted
        }
    }
}
