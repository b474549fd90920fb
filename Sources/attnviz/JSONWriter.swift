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
}

extension CheckedOutput {
    /// A matrix as an array of rows, written row by row (a 4096 × 4096 head is never one string).
    mutating func writeMatrix(_ m: Matrix) {
        write("[")
        for r in 0..<m.rows {
            write((r == 0 ? "[" : ",[") + m.row(r).map(JSONWriter.number).joined(separator: ",") + "]")
        }
        write("]")
    }
}

extension AttentionTrace {
    /// The `attnviz dump` document, written as it is produced. Other tools read these names; keep them.
    func writeDump(to out: inout CheckedOutput, indent: String = "") {
        typealias J = JSONWriter
        let inner = indent + "  "
        var first = true
        func key(_ name: String) {
            out.write((first ? "{\n" : ",\n") + inner + J.quoted(name) + ": ")
            first = false
        }
        func field(_ name: String, _ value: String) {
            key(name)
            out.write(value)
        }
        func matrix(_ name: String, _ m: Matrix) {
            key(name)
            out.writeMatrix(m)
        }
        field("tokens", "[" + tokens.map(J.quoted).joined(separator: ", ") + "]")
        field("mode", J.quoted(mode.rawValue))
        field("d_model", String(settings.dModel))
        field("heads", String(settings.heads))
        field("d_k", String(settings.dK))
        field("seed", String(settings.seed))
        field(
            "mask",
            "{\"causal\": \(settings.mask.causal), \"padding\": \(effectivePadding), \"window\": \(settings.mask.window)}"
        )
        field("positional", String(settings.positional))
        field("temperature", J.number(settings.temperature))
        field("scaled", String(settings.scaleScores))
        field("aggregation", J.quoted(settings.aggregation.rawValue))
        matrix("X", x)
        matrix("W_q", projections.wq)
        matrix("W_k", projections.wk)
        matrix("W_v", projections.wv)
        matrix("W_o", projections.wo)
        matrix("Q", q)
        matrix("K", k)
        matrix("V", v)
        key("heads_detail")
        out.write("[\n")
        for (i, h) in heads.enumerated() {
            let pad = inner + "  "
            out.write(pad + "{\n" + pad + "  \"scores\": ")
            out.writeMatrix(h.scores)
            out.write(",\n" + pad + "  \"weights\": ")
            out.writeMatrix(h.weights)
            out.write(",\n" + pad + "  \"output\": ")
            out.writeMatrix(h.output)
            out.write("\n" + pad + "}" + (i + 1 < heads.count ? ",\n" : "\n"))
        }
        out.write(inner + "]")
        matrix("average", average)
        matrix("concat", concat)
        matrix("output", output)
        out.write("\n" + indent + "}\n")
    }
}
