import AttentionCore
import Foundation
import ModelFormats

/// One object of tokenizer.json, read field by field: a wrong type is one line naming the
/// component and the field, never a cast that traps.
struct JSONFields {
    let object: [String: Any]
    /// What the error messages call this object ("pre_tokenizer Split").
    let context: String

    init(_ value: Any?, _ context: String) throws(ModelError) {
        guard let o = value as? [String: Any] else { throw .tokenizer("\(context) is not a JSON object") }
        object = o
        self.context = context
    }

    var type: String? { object["type"] as? String }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func string(_ key: String) throws(ModelError) -> String {
        guard let s = object[key] as? String else { throw .tokenizer("\(context) has no text field '\(key)'") }
        return s
    }

    func optionalString(_ key: String) throws(ModelError) -> String? {
        guard has(key) else { return nil }
        return try string(key)
    }

    func bool(_ key: String, default value: Bool) throws(ModelError) -> Bool {
        guard has(key) else { return value }
        guard let b = object[key] as? Bool else { throw .tokenizer("\(context): '\(key)' must be true or false") }
        return b
    }

    func optionalBool(_ key: String) throws(ModelError) -> Bool? {
        guard has(key) else { return nil }
        return try bool(key, default: false)
    }

    func int(_ key: String) throws(ModelError) -> Int {
        guard let raw = object[key], let v = SafeTensorsIndex.integer(raw) else {
            throw .tokenizer("\(context): '\(key)' must be a whole number")
        }
        return v
    }

    func array(_ key: String) throws(ModelError) -> [Any] {
        guard let a = object[key] as? [Any] else { throw .tokenizer("\(context) has no list '\(key)'") }
        return a
    }

    /// A `pattern` field: `{"String": " "}` or `{"Regex": "\\s+"}`.
    func pattern(_ key: String = "pattern") throws(ModelError) -> TextPattern {
        let p = try JSONFields(object[key], "\(context) \(key)")
        if let s = p.object["String"] as? String { return .literal(s) }
        if let r = p.object["Regex"] as? String { return try .regex(r) }
        throw .tokenizer("\(context): '\(key)' is neither {\"String\": …} nor {\"Regex\": …}")
    }
}

/// What a Split or a Replace looks for: a literal string or a regular expression (Oniguruma's
/// syntax in tokenizers, run by AttnViz's own linear-time matcher on Unicode scalars).
enum TextPattern: Sendable {
    case literal(String)
    case regex(TokenizerRegex)

    static func regex(_ source: String) throws(ModelError) -> TextPattern {
        .regex(try TokenizerRegex(source))
    }

    /// The fewest scalars a match can have (empty matches are skipped, so at least 1).
    var shortestMatch: Int {
        switch self {
        case .literal(let l): return max(1, l.unicodeScalars.count)
        case .regex(let r): return max(1, r.shortestMatch)
        }
    }

    /// Every non-overlapping, non-empty match, left to right.
    func matches(in s: String) -> [Range<String.Index>] {
        switch self {
        case .literal(let l):
            guard !l.isEmpty else { return [] }
            var out: [Range<String.Index>] = []
            var from = s.unicodeScalars.startIndex
            while let r = s.unicodeScalars[from...].firstRange(of: l.unicodeScalars) {
                out.append(r)
                from = r.upperBound
            }
            return out
        case .regex(let r):
            let scalars = Array(s.unicodeScalars)
            let found = r.matches(in: scalars)
            guard !found.isEmpty else { return [] }
            var indices = Array(s.unicodeScalars.indices)
            indices.append(s.unicodeScalars.endIndex)
            return found.map { indices[$0.lowerBound]..<indices[$0.upperBound] }
        }
    }
}
