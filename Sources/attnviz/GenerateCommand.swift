import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

/// `attnviz generate`: the model writes N tokens after the input, one at a time over its
/// key/value cache; plain text as it comes, or with --json every step's token, probability and
/// attention rows.
enum GenerateCommand {
    static func run(_ o: Options) throws -> Int32 {
        let model = try loadDecoder(o, command: "generate")
        let prompt = try decoderInput(model, o, command: "generate")
        guard prompt.count + o.generateTokens <= model.config.contextLength else {
            throw UsageError(
                message:
                    "the input is \(prompt.count) tokens; with --tokens \(o.generateTokens) that passes \(model.name)'s context of \(model.config.contextLength)",
                command: "generate")
        }
        var state = model.forward(prompt, knockout: try o.knockout(model, command: "generate"))
        var out = CheckedOutput()
        var text = TextStream()
        if o.json {
            out.write("{\n  \"model\": \(JSONWriter.quoted(model.name)),\n")
            out.write(
                "  \"prompt_tokens\": ["
                    + prompt.map { JSONWriter.quoted(model.tokenizer.readable($0)) }.joined(separator: ", ") + "],\n")
            out.write("  \"steps\": [\n")
        }
        var step = 0
        while step < o.generateTokens {
            let id = NextToken.choose(state.logits, sampling: o.sampling, seed: o.sampleSeed, step: step)
            if model.tokenizer.endsText(id) { break }
            // Why this token: where it stood and what else the model weighed (its own chances, T 1).
            let draw = o.json ? Draw(id: id, logits: state.logits, sampling: o.sampling) : nil
            model.append([id], to: &state)
            if let draw {
                if step > 0 { out.write(",\n") }
                out.write("    {\"token\": \(JSONWriter.quoted(model.tokenizer.readable(id))), \"id\": \(id), ")
                out.write(
                    "\"probability\": \(JSONWriter.number(Float(draw.probability))), \"rank\": \(draw.rank), \"top\": ["
                )
                out.write(
                    draw.top.map {
                        "{\"token\": \(JSONWriter.quoted(model.tokenizer.readable($0.id))), \"id\": \($0.id), "
                            + "\"probability\": \(JSONWriter.number(Float($0.probability)))}"
                    }.joined(separator: ", "))
                out.write("], \"attention\": ")
                writeRows(state, to: &out)
                out.write("}")
            } else {
                out.write(text.add(model.tokenizer.bytes(id)))
                out.flush()
            }
            if out.failed { break }
            step += 1
        }
        if o.json {
            let generated = Array(state.ids.dropFirst(prompt.count))
            out.write("\n  ],\n  \"text\": \(JSONWriter.quoted(model.tokenizer.decode(generated)))\n}\n")
        } else {
            out.write(text.finish() + "\n")
        }
        return out.finish("generated text")
    }

    /// The newest token's row in every layer and head: [layer][head][key].
    static func writeRows(_ s: DecoderState, to out: inout CheckedOutput) {
        let q = s.count - 1
        out.write("[")
        for l in 0..<s.layers {
            out.write(l == 0 ? "[" : ", [")
            for h in 0..<s.heads {
                let row = s.attentionRow(layer: l, head: h, query: q)
                out.write((h == 0 ? "[" : ", [") + row.map(JSONWriter.number).joined(separator: ", ") + "]")
            }
            out.write("]")
        }
        out.write("]")
    }
}
