import AttentionCore
import Decoders
import Encoders
import ModelFormats
import ModelLoading
import Tokenizers

/// The decoder named by --model: a .gguf file or a Hugging Face llama folder.
func loadDecoder(_ o: Options, command: String) throws -> DecoderModel {
    guard o.modelPath != nil else {
        throw UsageError(
            message: "\(command) needs --model F.gguf (a decoder; `make model-llm` fetches one)", command: command)
    }
    return try decoder(of: loadModel(o), o, command: command)
}

/// The model as a decoder, or a usage error naming what it is instead.
func decoder(of model: TrainedModel?, _ o: Options, command: String) throws -> DecoderModel {
    switch model {
    case .decoder(let m)?: return m
    default:
        throw UsageError(
            message:
                "\(command) needs a decoder (a .gguf file, or a llama or GPT-2 folder); '\(shortened(o.modelPath ?? "", limit: 120))' is an encoder",
            command: command)
    }
}

/// The ids of the input (wrapped in the chat template with --chat), or a usage error.
func decoderInput(_ model: DecoderModel, _ o: Options, command: String) throws -> [Int] {
    var text = o.input
    if o.chat {
        guard let chat = model.chat else {
            throw UsageError(
                message:
                    "--chat: \(model.name) has no chat template AttnViz recognises (ChatML, Llama 3, Zephyr, [INST])",
                command: command)
        }
        text = chat.wrap(text)
    }
    switch model.encode(text) {
    case .failure(let e): throw UsageError(message: e.description, command: command)
    case .success(let ids):
        guard !ids.isEmpty else { throw UsageError(message: "the input is empty", command: command) }
        return ids
    }
}

extension DumpCommand {
    /// `attnviz dump --model F.gguf`: tokens, ids, every causal attention map, and the top 10
    /// next tokens at the last position (temperature 1, no filtering), streamed.
    static func runDecoder(_ o: Options, _ model: DecoderModel) throws -> Int32 {
        let ids = try decoderInput(model, o, command: "dump")
        let knockout = try o.knockout(model, command: "dump")
        let state = model.forward(ids, knockout: knockout)
        let c = model.config
        typealias J = JSONWriter
        var out = CheckedOutput()
        out.write(
            "{\n  \"model\": {\"name\": \(J.quoted(model.name)), \"architecture\": \(J.quoted(c.architecture.rawValue)), "
        )
        out.write("\"layers\": \(c.layers), \"heads\": \(c.heads), \"kv_heads\": \(c.kvHeads), ")
        out.write("\"hidden\": \(c.hiddenSize), \"max_tokens\": \(c.contextLength)},\n")
        out.write("  \"architecture\": \(J.quoted(c.architecture.rawValue)),\n")
        if !knockout.isEmpty {
            out.write(
                "  \"knocked_out\": \(J.quoted(knockout.label)), \"knockout_mode\": \(J.quoted(knockout.mean ? "mean" : "zero")),\n"
            )
        }
        out.write(
            "  \"tokens\": [" + ids.map { J.quoted(model.tokenizer.readable($0)) }.joined(separator: ", ") + "],\n")
        out.write("  \"token_ids\": [" + ids.map(String.init).joined(separator: ", ") + "],\n")
        out.write("  \"attentions\": [\n")
        for l in 0..<c.layers {
            out.write("    [\n")
            for h in 0..<c.heads {
                out.write("      ")
                out.writeMatrix(state.attention(layer: l, head: h))
                out.write(h + 1 < c.heads ? ",\n" : "\n")
            }
            out.write(l + 1 < c.layers ? "    ],\n" : "    ]\n")
        }
        // Each head's induction and previous-token score on this input ([layer][head]).
        let scores = state.headScores
        func table(_ t: [[Double]]) -> String {
            "[" + t.map { "[" + $0.map { J.number(Float($0)) }.joined(separator: ", ") + "]" }.joined(separator: ", ")
                + "]"
        }
        out.write("  ],\n  \"induction_scores\": \(table(scores.induction)),\n")
        out.write("  \"previous_token_scores\": \(table(scores.previousToken)),\n")
        if let n = o.look { try writeLook(n, state, model, o, to: &out) }
        out.write("  \"next_tokens\": [\n")
        let top = NextToken.top(state.logits, count: 10)
        for (i, t) in top.enumerated() {
            out.write("    " + candidateJSON(model, t) + (i + 1 < top.count ? ",\n" : "\n"))
        }
        out.write("  ]\n}\n")
        return out.finish("dump")
    }

    static func candidateJSON(_ model: DecoderModel, _ t: Candidate) -> String {
        "{\"token\": \(JSONWriter.quoted(model.tokenizer.readable(t.id))), \"id\": \(t.id), "
            + "\"probability\": \(JSONWriter.number(Float(t.probability))), \"logit\": \(JSONWriter.number(t.logit))}"
    }
}

extension Options {
    /// --ablate's heads, checked against the decoder's layers and heads (exit 2 when wrong).
    func knockout(_ model: DecoderModel, command: String) throws(UsageError) -> HeadKnockout {
        guard let text = ablate else {
            if ablateMean {
                throw UsageError(message: "--ablate-mean needs --ablate L.H,... (the heads)", command: command)
            }
            return HeadKnockout()
        }
        switch HeadKnockout.parse(text, layers: model.config.layers, heads: model.config.heads) {
        case .success(var k):
            k.mean = ablateMean
            return k
        case .failure(let e): throw UsageError(message: "--ablate: \(e.reason)", command: command)
        }
    }
}

extension DumpCommand {
    /// `--look N`: the row of the inspected layer the model read from token N − 1 when it
    /// chose token N, per head and averaged (what the looked-at view's bars show).
    static func writeLook(
        _ n: Int, _ state: DecoderState, _ model: DecoderModel, _ o: Options, to out: inout CheckedOutput
    ) throws(UsageError) {
        guard n >= 2, n <= state.count else {
            throw UsageError(
                message:
                    "--look \(n): pick a token from 2 to \(state.count) (the model wrote token N looking from N-1)",
                command: "dump")
        }
        guard o.layer <= state.layers else {
            throw UsageError(message: "--layer \(o.layer): \(model.name) has \(state.layers) layers", command: "dump")
        }
        typealias J = JSONWriter
        let rows = (0..<state.heads).map { Array(state.attentionRow(layer: o.layer - 1, head: $0, query: n - 2)) }
        let average = (0..<(n - 1)).map { j in rows.reduce(Float(0)) { $0 + $1[j] } / Float(state.heads) }
        out.write("  \"looked_at\": {\"token\": \(J.quoted(model.tokenizer.readable(state.ids[n - 1]))), ")
        out.write("\"position\": \(n), \"from\": \(J.quoted(model.tokenizer.readable(state.ids[n - 2]))), ")
        out.write("\"layer\": \(o.layer), \"heads\": [")
        out.write(rows.map { "[" + $0.map(J.number).joined(separator: ", ") + "]" }.joined(separator: ", "))
        out.write("], \"average\": [" + average.map(J.number).joined(separator: ", ") + "]},\n")
    }
}

/// --look in `dump` is about what a decoder looked at when it wrote a token.
func refuseLook(_ o: Options) throws(UsageError) {
    guard o.look != nil else { return }
    throw UsageError(
        message: "--look in dump needs a decoder (--model F.gguf); the window and render show any model's",
        command: "dump")
}

/// --ablate means a decoder's heads: anything else is refused rather than ignored.
func refuseKnockout(_ o: Options, _ command: String) throws(UsageError) {
    guard o.ablate != nil || o.ablateMean else { return }
    throw UsageError(
        message: "--ablate knocks out a decoder's heads: it needs --model F.gguf or a decoder folder", command: command)
}
