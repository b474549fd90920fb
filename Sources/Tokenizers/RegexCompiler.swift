import ModelFormats

/// A pattern's tree as the Pike VM's program (Thompson's construction): a split tries its
/// first branch before its second, which is how greedy, lazy and `|` keep their priority.
struct RegexCompiler {
    var program: [TokenizerRegex.Instruction] = []

    /// Stops copying bodies once the program is past the limit (the caller refuses it).
    private var full: Bool { program.count > TokenizerRegex.maxProgram }

    mutating func emit(_ node: RegexNode) {
        guard !full else { return }
        switch node {
        case .set(let s): program.append(.scalar(s))
        case .assert(let a): program.append(.assert(a))
        case .sequence(let items): for item in items { emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (n, branch) in branches.enumerated() {
                if n == branches.count - 1 {
                    emit(branch)
                } else {
                    let split = placeholder()
                    emit(branch)
                    jumps.append(placeholder())
                    program[split] = .split(split + 1, program.count)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repeated(let body, let min, let max, let greedy):
            for _ in 0..<min { emit(body) }
            if let max {
                // Each optional copy may be skipped, and skipping one skips the rest.
                var exits: [Int] = []
                for _ in min..<max where !full {
                    exits.append(placeholder())
                    emit(body)
                }
                for e in exits { program[e] = choice(e + 1, program.count, greedy) }
            } else {
                let loop = placeholder()
                emit(body)
                program.append(.jump(loop))
                program[loop] = choice(loop + 1, program.count, greedy)
            }
        }
    }

    private mutating func placeholder() -> Int {
        program.append(.match)
        return program.count - 1
    }

    private func choice(_ body: Int, _ skip: Int, _ greedy: Bool) -> TokenizerRegex.Instruction {
        greedy ? .split(body, skip) : .split(skip, body)
    }
}
