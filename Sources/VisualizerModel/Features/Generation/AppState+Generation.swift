import Decoders
import Encoders
import ModelFormats
import Tokenizers

extension AppState {
    var isDecoder: Bool { model?.info.isDecoder == true }
    /// The open model's names for its special tokens (BERT's when there is none).
    var specialNames: HeadPattern.SpecialNames { model?.info.specialNames ?? .bert }

    /// A decoder's keys (the binding table gives them only with a decoder loaded): Tab takes
    /// the top token, Ctrl+Enter writes a batch, Ctrl+T / Ctrl+Shift+T step the temperature.
    mutating func perform(_ command: GenerationCommand) -> [Effect] {
        guard isDecoder else {
            flash("writing needs a decoder: start with --model F.gguf (make run-llm)", error: false)
            return []
        }
        switch command {
        case .takeTopToken: return acceptTopToken()
        case .write: return startWriting(generation.batch)
        case .temperatureUp: return stepSamplingTemperature(true)
        case .temperatureDown: return stepSamplingTemperature(false)
        }
    }

    /// `--sample-temperature`, `--top-k`, `--top-p`: the bars show the new distribution.
    /// An opening step (its request joins `pendingEffects`).
    public mutating func setSampling(_ s: Sampling) {
        generation.sampling = s
        if isDecoder { opening += recompute() }
    }

    /// `--generate N`: the decoder writes N tokens as the window opens, draws seeded by `seed`.
    /// An opening step (its request joins `pendingEffects`).
    public mutating func write(_ count: Int, seed: UInt64) {
        generation.seed = seed
        opening += startWriting(count)
    }

    /// Tab with a decoder: the model's top token joins the input.
    mutating func acceptTopToken() -> [Effect] {
        guard model?.output?.nextTokens?.isEmpty == false else {
            flash("the model has not answered yet", error: false)
            return []
        }
        return startWriting(1, greedy: true)
    }

    /// Ctrl+Enter: the model writes `batch` tokens, one at a time, each an answer's worth of
    /// animation; any key stops it.
    mutating func startWriting(_ count: Int, greedy: Bool = false) -> [Effect] {
        guard isDecoder else {
            flash("writing needs a decoder: start with --model F.gguf (make run-llm)", error: false)
            return []
        }
        generation.remaining = count
        generation.written = 0
        generation.greedyOnce = greedy
        if count > 1 { flash("writing \(count) tokens (\(generation.sampling.label)); any key stops", error: false) }
        return recompute()
    }

    mutating func stopWriting() {
        guard generation.remaining > 0 else { return }
        generation.remaining = 0
        generation.pending = nil
        flash("stopped writing", error: false)
    }

    /// An answer brought the token the model wrote: it joins the input once the newest row has
    /// had its time on screen (at once for the first).
    mutating func wrote(_ w: Written) -> [Effect] {
        guard generation.remaining > 0 else { return [] }
        generation.pending = w
        generation.due = generation.written == 0 ? time : time + GenerationState.pace
        return writePending()
    }

    /// Time passed: a held token joins the input when it is due.
    mutating func writePending() -> [Effect] {
        guard let w = generation.pending, time >= generation.due else { return [] }
        generation.pending = nil
        if w.ended {
            generation.remaining = 0
            flash("the model ended its text", error: false)
            return resumeReplayIfIdle()
        }
        guard input.text.count + w.text.count <= InputLimits.maxCharacters else {
            generation.remaining = 0
            flash("the input is full", error: true)
            return resumeReplayIfIdle()
        }
        generation.remaining -= 1
        generation.written += w.ids.count
        let before = model?.output?.trace.encoding.ids ?? []
        input.text += w.text
        generation.ids = before + w.ids
        for (k, d) in w.draws.enumerated() { generation.drawn[before.count + k] = d }
        generation.idsText = input.text
        return recompute()
    }

    /// Ctrl+T / Ctrl+Shift+T with a decoder: the sampling temperature (0 = greedy) steps, and
    /// the bars show the new distribution.
    mutating func stepSamplingTemperature(_ up: Bool) -> [Effect] {
        let steps = Sampling.temperatureSteps
        let now = generation.sampling.temperature
        let next =
            up
            ? steps.first { $0 > now + 1e-9 } ?? steps[steps.count - 1]
            : steps.last { $0 < now - 1e-9 } ?? steps[0]
        generation.sampling.temperature = next
        flash("next token: \(generation.sampling.label)", error: false)
        return recompute()
    }
}
