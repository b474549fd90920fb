import AttentionCore

/// A small JSON writer that prints floats in their shortest round-trip form.
///
/// Foundation's JSONSerialization goes through Double and prints 0.1f as 0.10000000149011612;
/// this keeps dumps short, exact for Float, and byte-stable.
struct JSONWriter {
    private(set) var text = ""

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ f: Float) -> String {
        guard f.isFinite else { return "null" }
        if f == f.rounded(), abs(f) < 1e7 { return String(Int(f)) }
        return f.description
    }

    static func matrix(_ m: Matrix) -> String {
        "[" + (0..<m.rows).map { r in "[" + m.row(r).map(number).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// An object with keys in the given order.
    static func object(_ pairs: [(String, String)], indent: String = "") -> String {
        let inner = indent + "  "
        return "{\n" + pairs.map { inner + quoted($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n" + indent + "}"
    }
}

extension AttentionTrace {
    /// The `attnviz dump` document. Other tools read these names; keep them.
    func dumpJSON() -> String {
        typealias J = JSONWriter
        let heads = "[\n" + self.heads.map { h in
            "    " + J.object([("scores", J.matrix(h.scores)), ("weights", J.matrix(h.weights)), ("output", J.matrix(h.output))],
                              indent: "    ")
        }.joined(separator: ",\n") + "\n  ]"
        let mask = "{\"causal\": \(settings.mask.causal), \"padding\": \(effectivePadding), \"window\": \(settings.mask.window)}"
        return J.object([
            ("tokens", "[" + tokens.map(J.quoted).joined(separator: ", ") + "]"),
            ("mode", J.quoted(mode.rawValue)),
            ("d_model", String(settings.dModel)),
            ("heads", String(settings.heads)),
            ("d_k", String(settings.dK)),
            ("seed", String(settings.seed)),
            ("mask", mask),
            ("positional", String(settings.positional)),
            ("temperature", J.number(settings.temperature)),
            ("scaled", String(settings.scaleScores)),
            ("aggregation", J.quoted(settings.aggregation.rawValue)),
            ("X", J.matrix(x)),
            ("W_q", J.matrix(projections.wq)),
            ("W_k", J.matrix(projections.wk)),
            ("W_v", J.matrix(projections.wv)),
            ("W_o", J.matrix(projections.wo)),
            ("Q", J.matrix(q)),
            ("K", J.matrix(k)),
            ("V", J.matrix(v)),
            ("heads_detail", heads),
            ("average", J.matrix(average)),
            ("concat", J.matrix(concat)),
            ("output", J.matrix(output)),
        ]) + "\n"
    }
}
