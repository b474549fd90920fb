import AttentionCore
import Foundation
import ModelFormats

/// tokenizer.json's `normalizer`: how text is cleaned before it is split (tokenizers' rules).
indirect enum Normalizer: Sendable {
    case bert(cleanText: Bool, chinese: Bool, stripAccents: Bool?, lowercase: Bool)
    case nfc, nfd, nfkc, nfkd, lowercase, stripAccents
    case replace(TextPattern, with: String)
    case prepend(String)
    case strip(left: Bool, right: Bool)
    case sequence([Normalizer])

    static func parse(_ value: Any?) throws(ModelError) -> Normalizer? {
        guard let value, !(value is NSNull) else { return nil }
        let f = try JSONFields(value, "normalizer")
        switch f.type {
        case "BertNormalizer":
            return .bert(
                cleanText: try f.bool("clean_text", default: true),
                chinese: try f.bool("handle_chinese_chars", default: true),
                stripAccents: try f.optionalBool("strip_accents"), lowercase: try f.bool("lowercase", default: true))
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "StripAccents": return .stripAccents
        case "Replace": return .replace(try f.pattern(), with: try f.string("content"))
        case "Prepend": return .prepend(try f.string("prepend"))
        case "Strip":
            return .strip(
                left: try f.bool("strip_left", default: true), right: try f.bool("strip_right", default: true))
        case "Sequence":
            var steps: [Normalizer] = []
            for item in try f.array("normalizers") {
                if let n = try parse(item) { steps.append(n) }
            }
            return .sequence(steps)
        case let other:
            throw .tokenizer(
                "the normalizer \(other.map { "'\(shortened($0, limit: 40))'" } ?? "without a type") is not supported"
                    + (other == "Precompiled" ? " (SentencePiece's compiled character map)" : ""))
        }
    }

    /// How many times longer the Replace steps can make a text, at most (each match is at least
    /// its pattern's shortest length, and becomes the replacement).
    var growth: Double {
        switch self {
        case .replace(let pattern, let content):
            return max(1, Double(content.unicodeScalars.count) / Double(max(1, pattern.shortestMatch)))
        case .sequence(let steps): return steps.reduce(1) { $0 * $1.growth }
        default: return 1
        }
    }

    /// The most a normalizer's Replace steps may grow a text: a replacement 100,000 times its
    /// pattern's length turned a line into megabytes, and the tokenizer never finished.
    static let maxGrowth: Double = 16

    func apply(_ s: String) -> String {
        switch self {
        case .bert(let clean, let chinese, let strip, let lower):
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                if clean && (u.value == 0 || u.value == 0xFFFD || CharacterClass.isControl(u)) { continue }
                if clean && CharacterClass.isBertWhitespace(u) {
                    out.append(" ")
                } else if chinese && CharacterClass.isCJK(u.value) {
                    out.append(contentsOf: [" ", u, " "])
                } else {
                    out.append(u)
                }
            }
            var t = String(out)
            if strip ?? lower { t = Normalizer.stripAccents.apply(t) }
            return lower ? t.lowercased() : t
        case .nfc: return s.precomposedStringWithCanonicalMapping
        case .nfd: return s.decomposedStringWithCanonicalMapping
        case .nfkc: return s.precomposedStringWithCompatibilityMapping
        case .nfkd: return s.decomposedStringWithCompatibilityMapping
        case .lowercase: return s.lowercased()
        case .stripAccents:
            var out = String.UnicodeScalarView()
            for u in s.decomposedStringWithCanonicalMapping.unicodeScalars where !CharacterClass.isMark(u) {
                out.append(u)
            }
            return String(out)
        case .replace(let pattern, let content):
            var out = String.UnicodeScalarView()
            var from = s.startIndex
            for r in pattern.matches(in: s) {
                out.append(contentsOf: s.unicodeScalars[from..<r.lowerBound])
                out.append(contentsOf: content.unicodeScalars)
                from = r.upperBound
            }
            out.append(contentsOf: s.unicodeScalars[from...])
            return String(out)
        case .prepend(let p): return s.isEmpty ? s : p + s
        case .strip(let left, let right):
            var u = Array(s.unicodeScalars)
            if right { while let l = u.last, l.properties.isWhitespace { u.removeLast() } }
            if left { u = Array(u.drop { $0.properties.isWhitespace }) }
            return String(String.UnicodeScalarView(u))
        case .sequence(let steps): return steps.reduce(s) { $1.apply($0) }
        }
    }
}

/// The character classes tokenizers' BERT rules use.
enum CharacterClass {
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isBertWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// A regex `\w` character: letters, marks, decimal digits, connector punctuation, joiners.
    static func isWord(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
