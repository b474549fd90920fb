import Foundation
import ModelFormats

/// The split a byte-level BPE tokenizer makes before merging: GPT-2's pattern,
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, written out
/// as a scanner (no regex engine), and the families that put a step before it.
public enum PreTokenizer: String, Sendable, Equatable, CaseIterable {
    /// GPT-2's pattern alone (`tokenizer.ggml.pre` = gpt2 or default).
    case gpt2
    /// SmolLM, StarCoder and their kin: every digit is a piece of its own, then GPT-2's pattern.
    case smollm
    /// Llama 3's pattern (`llama-bpe`): contractions in any case, numbers in threes, a letter run
    /// may take one non-letter before it; run by the regex matcher.
    case llama3
    /// Qwen 2's: Llama 3's with every digit alone.
    case qwen2

    /// The family a GGUF file's `tokenizer.ggml.pre` names; nil for one not read.
    public static func named(_ name: String) -> PreTokenizer? {
        switch name {
        case "gpt2", "default", "gpt-2": return .gpt2
        case "smollm", "starcoder", "refact", "codeshell": return .smollm
        case "llama-bpe", "llama3", "smaug-bpe": return .llama3
        case "qwen2", "deepseek-r1-qwen": return .qwen2
        default: return nil
        }
    }

    /// What a refusal lists.
    public static let readNames = "gpt2, smollm, llama-bpe and qwen2"

    static let llama3Pattern =
        #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let qwen2Pattern = llama3Pattern.replacingOccurrences(of: #"\p{N}{1,3}"#, with: #"\p{N}"#)
    // The patterns are fixed and known to compile; a failure would be a bug caught by the tests.
    static let llama3Split = try? TextPattern.regex(llama3Pattern)
    static let qwen2Split = try? TextPattern.regex(qwen2Pattern)

    enum Kind { case letter, number, space, other }

    static func kind(_ c: Unicode.Scalar) -> Kind {
        let p = c.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// The pieces of `text`, in order; joined they give `text` back.
    public func split(_ text: String) -> [String] {
        // The regex families are tokenizer.json's Split, Isolated: every match and every gap a piece.
        if let pattern = self == .llama3 ? Self.llama3Split : self == .qwen2 ? Self.qwen2Split : nil {
            return SplitBehavior.isolated.apply(text, pattern.matches(in: text))
        }
        let s = Array(text.unicodeScalars)
        let kinds = s.map(PreTokenizer.kind)
        var out: [String] = []
        var segment = 0
        func emit(_ a: Int, _ b: Int) {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[a..<b])
            out.append(String(v))
        }
        // SmolLM: a digit ends the segment before it and is one on its own.
        for i in 0..<s.count where self == .smollm && kinds[i] == .number {
            PreTokenizer.scan(s, kinds, segment..<i, emit)
            emit(i, i + 1)
            segment = i + 1
        }
        PreTokenizer.scan(s, kinds, segment..<s.count, emit)
        return out
    }

    /// GPT-2's pattern over `range`, which the caller has cut out (the pattern sees only it).
    static func scan(
        _ s: [Unicode.Scalar], _ kinds: [Kind], _ range: Range<Int>, _ emit: (Int, Int) -> Void
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        func run(_ from: Int, _ k: Kind) -> Int {
            var j = from
            while j < end && kinds[j] == k { j += 1 }
            return j
        }
        while i < end {
            if s[i] == "'", let n = contraction(s, i, end) {
                emit(i, i + n)
                i += n
                continue
            }
            let spaced = s[i] == " " && i + 1 < end && kinds[i + 1] != .space
            let start = spaced ? i + 1 : i
            let k = kinds[start]
            if k != .space {
                let j: Int
                if k == .other {
                    // [^\s\p{L}\p{N}]+ : every character that is neither space, letter nor number.
                    var e = start
                    while e < end && kinds[e] == .other { e += 1 }
                    j = e
                } else {
                    j = run(start, k)
                }
                emit(i, j)
                i = j
                continue
            }
            // A whitespace run: to the end whole; before a non-space, all but its last character
            // (\s+(?!\S) backs off by one), which then goes with what follows or stands alone.
            let j = run(i, .space)
            let stop = j == end || j - i == 1 ? j : j - 1
            emit(i, stop)
            i = stop
        }
    }

    /// 's 't 'm 'd (2) or 're 've 'll (3), lower case only, as GPT-2's pattern has them.
    static func contraction(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        switch s[i + 1] {
        case "s", "t", "m", "d": return 2
        case "r" where i + 2 < end && s[i + 2] == "e": return 3
        case "v" where i + 2 < end && s[i + 2] == "e": return 3
        case "l" where i + 2 < end && s[i + 2] == "l": return 3
        default: return nil
        }
    }
}
