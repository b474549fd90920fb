import AttentionCore
import Foundation
import ModelFormats

/// tokenizer.json's `post_processor`: the special tokens set around one text or a pair.
struct PostProcessor: Sendable {
    enum Piece: Sendable {
        case special(ids: [Int], tokens: [String], type: Int)
        /// Sentence A (0) or B (1).
        case sequence(Int, type: Int)

        var type: Int {
            switch self {
            case .special(_, _, let t), .sequence(_, let t): return t
            }
        }
    }

    /// Token type ids above this are refused (a model has at most a handful of segments).
    static let maxTypeID = 1_000

    var single: [Piece]
    var pair: [Piece]

    static let none = PostProcessor(
        single: [.sequence(0, type: 0)], pair: [.sequence(0, type: 0), .sequence(1, type: 1)])

    static func parse(_ value: Any?) throws(ModelError) -> PostProcessor {
        guard let value, !(value is NSNull) else { return .none }
        let f = try JSONFields(value, "post_processor")
        switch f.type {
        case "TemplateProcessing": return try template(f)
        case "BertProcessing", "RobertaProcessing":
            func token(_ key: String) throws(ModelError) -> Piece {
                guard let pair = f.object[key] as? [Any], pair.count == 2, let t = pair[0] as? String,
                    let id = SafeTensorsIndex.integer(pair[1])
                else { throw .tokenizer("\(f.type!)'s '\(key)' is not [token, id]") }
                return .special(ids: [id], tokens: [t], type: 0)
            }
            let cls = try token("cls")
            let sep = try token("sep")
            if f.type == "RobertaProcessing" {
                return PostProcessor(
                    single: [cls, .sequence(0, type: 0), sep],
                    pair: [cls, .sequence(0, type: 0), sep, sep, .sequence(1, type: 0), sep])
            }
            guard case .special(let ids, let tokens, _) = sep else { return .none }
            return PostProcessor(
                single: [cls, .sequence(0, type: 0), sep],
                pair: [
                    cls, .sequence(0, type: 0), sep, .sequence(1, type: 1), .special(ids: ids, tokens: tokens, type: 1),
                ])
        case "ByteLevel": return .none
        case "Sequence":
            // ByteLevel only trims offsets; the template among them sets the special tokens.
            var out = PostProcessor.none
            for item in try f.array("processors") {
                let p = try parse(item)
                if p.single.count > 1 || p.pair.count > 2 { out = p }
            }
            return out
        case let other:
            throw .tokenizer(
                "the post-processor \(other.map { "'\(shortened($0, limit: 40))'" } ?? "without a type") is not supported"
            )
        }
    }

    static func typeID(_ s: JSONFields) throws(ModelError) -> Int {
        let t = try s.int("type_id")
        guard (0...maxTypeID).contains(t) else {
            throw .tokenizer("TemplateProcessing's type_id \(t) is outside 0 to \(maxTypeID)")
        }
        return t
    }

    static func template(_ f: JSONFields) throws(ModelError) -> PostProcessor {
        var specials: [String: (ids: [Int], tokens: [String])] = [:]
        if let raw = f.object["special_tokens"] as? [String: Any] {
            for (name, value) in raw {
                let s = try JSONFields(value, "TemplateProcessing's special token")
                let ids = try s.array("ids").compactMap { SafeTensorsIndex.integer($0) }
                let tokens = try s.array("tokens").compactMap { $0 as? String }
                guard ids.count == tokens.count else {
                    throw .tokenizer(
                        "TemplateProcessing's '\(shortened(name, limit: 20))' has ids and tokens of unequal length")
                }
                specials[name] = (ids, tokens)
            }
        }
        func pieces(_ key: String) throws(ModelError) -> [Piece] {
            var out: [Piece] = []
            for item in try f.array(key) {
                let step = try JSONFields(item, "TemplateProcessing's \(key)")
                if step.has("SpecialToken") {
                    let s = try JSONFields(step.object["SpecialToken"], "a SpecialToken")
                    let id = try s.string("id")
                    guard let known = specials[id] else {
                        throw .tokenizer("TemplateProcessing uses '\(shortened(id, limit: 20))' but does not define it")
                    }
                    out.append(.special(ids: known.ids, tokens: known.tokens, type: try typeID(s)))
                } else if step.has("Sequence") {
                    let s = try JSONFields(step.object["Sequence"], "a Sequence")
                    out.append(.sequence(try s.string("id") == "B" ? 1 : 0, type: try typeID(s)))
                } else {
                    throw .tokenizer(
                        "TemplateProcessing's \(key) holds a step that is neither SpecialToken nor Sequence")
                }
            }
            return out
        }
        return PostProcessor(single: try pieces("single"), pair: try pieces("pair"))
    }
}
