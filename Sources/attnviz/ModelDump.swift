import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

#if canImport(Glibc)
    import Glibc
#endif

extension ModelTrace {
    /// The `attnviz dump --model` document, written as it goes (all attentions of a 512-token
    /// input are ~18 M numbers): model, tokens, token_ids, token_types, attentions
    /// [layer][head][query][key], and the inspected layer's matrices under "inspected".
    func writeDump(modelName: String, config c: EncoderConfig, to out: inout CheckedOutput) {
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
                out.writeMatrix(w)
                out.write(h + 1 < layer.count ? ",\n" : "\n")
            }
            out.write(l + 1 < attentions.count ? "    ],\n" : "    ]\n")
        }
        out.write("  ],\n")
        out.write("  \"inspected_layer\": \(inspectedLayer + 1),\n")
        out.write("  \"inspected\": ")
        layer.writeDump(to: &out, indent: "  ")
        out.write("}\n")
    }
}
