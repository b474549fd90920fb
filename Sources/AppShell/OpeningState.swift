import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers
import VisualizerModel

/// The app's opening state from the command line's settings, or why it cannot open.
public enum OpeningState {
    /// Checks `--layer`, `--head`, `--view model` and `--pair-filter` against the model (or the
    /// seeded engine's settings) and builds the state.
    ///
    /// With a model, the opening forward pass runs here (render, dump) or, for the window, is
    /// left in the state for the worker (`inline: false`), so the window opens before it finishes.
    /// - Parameters:
    ///   - opening: the parsed flags.
    ///   - model: the trained model named by `--model`, or nil for the seeded engine.
    ///   - inline: run the opening computation now (true) or leave it to the shell's worker.
    public static func make(_ opening: OpeningSettings, model: TrainedModel?, inline: Bool) throws(OpeningError)
        -> AppState
    {
        if opening.view == .model && model == nil {
            throw OpeningError(description: "--view model shows a trained model's layers; it needs --model DIR")
        }
        var opening = opening
        if opening.chat {
            guard case .decoder(let llama)? = model, let template = llama.chat else {
                throw OpeningError(
                    description:
                        "--chat needs a decoder whose file has a chat template AttnViz recognises (ChatML, Llama 3, Zephyr, [INST])"
                )
            }
            opening.input = template.wrap(opening.input)
        }
        if opening.sampling != nil && model?.isDecoder != true {
            throw OpeningError(
                description:
                    "--sample-temperature, --top-k and --top-p shape a decoder's next token; they need --model F.gguf")
        }
        let session = try modelSession(opening, model: model)
        if model == nil {
            // Settings the engine refuses are flag errors too; an empty input is just an empty screen.
            if let error = AttentionEngine.check(text: opening.input, mode: opening.mode, settings: opening.settings),
                error != .emptyInput
            {
                throw OpeningError(description: error.description)
            }
            guard opening.head <= opening.settings.heads else {
                throw OpeningError(
                    description: "--head \(opening.head): there are \(opening.settings.heads) heads (--heads)")
            }
        }
        // The window starts at once: a long input's picture comes from its worker like any recompute.
        var state = AppState(
            input: opening.input, mode: opening.mode, settings: opening.settings,
            viewport: Size(Float(opening.width), Float(opening.height)), view: opening.view, theme: opening.theme,
            colormap: opening.colormap, model: session, computeInBackground: !inline)
        if let s = opening.sampling { state.setSampling(s) }
        if inline { ModelRunner.settle(&state, model, effects: state.pendingEffects()) }
        state.selection.head = opening.head - 1
        if let n = opening.look {
            guard n > 1 || session?.info.isDecoder != true else {
                throw OpeningError(
                    description: "--look 1: " + AppState.firstTokenLook)
            }
            // Inline (render), the tokens are known: a token past the last is a flag error.
            if let count = state.trace?.tokenCount, n > count {
                throw OpeningError(description: "--look \(n): the input has \(count) token\(count == 1 ? "" : "s")")
            }
            state.selectLook(token: n, head: opening.lookHead)
        }
        state.fontScale = opening.fontScale
        state.arcs.minWeight = opening.arcThreshold
        state.arcs.topK = opening.arcTopK
        state.arcs.layout = opening.arcLayout
        state.colorScale = opening.colorScale
        return state
    }

    /// --layer and --head against a model's shape: from the loaded model, or (the window, before
    /// it opens) from a GGUF file's header.
    public static func checkShape(_ opening: OpeningSettings, name: String, layers: Int, heads: Int)
        throws(OpeningError)
    {
        guard opening.layer <= layers else {
            throw OpeningError(description: "--layer \(opening.layer): \(name) has \(layers) layers")
        }
        guard opening.head <= heads else {
            throw OpeningError(description: "--head \(opening.head): \(name) has \(heads) heads")
        }
    }

    /// The trained model's session, its layer, head and pair filter checked against it.
    static func modelSession(_ opening: OpeningSettings, model: TrainedModel?) throws(OpeningError) -> ModelSession? {
        guard let model else { return nil }
        try checkShape(opening, name: model.name, layers: model.layers, heads: model.heads)
        if case .failure(let error) = model.check(opening.input), error != .emptyInput || !model.isDecoder {
            throw OpeningError(description: error.description)
        }
        let isPair: Bool
        if case .encoder(let bert) = model, case .success(let e) = bert.encode(opening.input) {
            isPair = e.isPair
        } else {
            isPair = false
        }
        var session = ModelSession(
            info: ModelInfo(model, key: opening.modelPath ?? ""), layer: opening.layer - 1,
            hideSpecial: opening.hideSpecial)
        session.pairFilter = opening.pairFilter
        if opening.pairFilter != .all && !isPair {
            throw OpeningError(description: "--pair-filter needs two sentences: write them as 'A ||| B'")
        }
        return session
    }
}
