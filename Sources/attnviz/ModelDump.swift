import AttentionCore
import TrainedModels
#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to stdout whose every failure is noticed (a full disk, a closed pipe).
struct CheckedOutput {
    private var buffer: [UInt8] = []
    private(set) var failed = false
    /// Why the first failed write failed.
    private(set) var reason = ""

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty, !failed else { return }
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let r = Glibc.write(1, raw.baseAddress! + done, raw.count - done)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return false }
                done += r
            }
            return true
        }
        if !ok {
            failed = true
            reason = errno == 0 ? "nothing was written" : String(cString: strerror(errno))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension ModelTrace {
    /// The `attnviz dump --model` document, written as it goes (all attentions of a 512-token
    /// input are ~18 M numbers): model, tokens, token_ids, token_types, attentions
    /// [layer][head][query][key], and the inspected layer's matrices under "inspected".
    func writeDump(modelName: String, config c: BertConfig, to out: inout CheckedOutput) {
        typealias J = JSONWriter
        out.write("{\n  \"model\": {\"name\": \(J.quoted(modelName)), \"layers\": \(c.layers), \"heads\": \(c.heads), ")
        out.write("\"hidden\": \(c.hiddenSize), \"max_tokens\": \(c.maxPositions)},\n")
        out.write("  \"tokens\": [" + encoding.tokens.map(J.quoted).joined(separator: ", ") + "],\n")
        out.write("  \"token_ids\": [" + encoding.ids.map(String.init).joined(separator: ", ") + "],\n")
        out.write("  \"token_types\": [" + encoding.types.map(String.init).joined(separator: ", ") + "],\n")
        out.write("  \"attentions\": [\n")
        for (l, layer) in attentions.enumerated() {
            out.write("    [\n")
            for (h, w) in layer.enumerated() {
                out.write("      ")
                out.write(J.matrix(w))
                out.write(h + 1 < layer.count ? ",\n" : "\n")
            }
            out.write(l + 1 < attentions.count ? "    ],\n" : "    ]\n")
        }
        out.write("  ],\n")
        out.write("  \"inspected_layer\": \(inspectedLayer + 1),\n")
        out.write("  \"inspected\": ")
        out.write(layer.dumpJSON().replacingNewlines(indent: "  "))
        out.write("}\n")
    }
}

extension String {
    /// Indents every line after the first (to nest one JSON document in another).
    func replacingNewlines(indent: String) -> String {
        var s = ""
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            s += (i == 0 ? "" : indent) + line + "\n"
        }
        return s
    }
}
