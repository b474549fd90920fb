import Decoders
import Encoders
import ModelFormats
import Tokenizers

extension AppState {
    var isDecoder: Bool { model?.info.isDecoder == true }
    /// The open model's names for its special tokens (BERT's when there is none).
    var specialNames: HeadPattern.SpecialNames { model?.info.specialNames ?? .bert }

    /// The keys that mean something else with a decoder: Tab takes the top token, Ctrl+T
    /// steps the sampling temperature. True when the command was taken.
    mutating func performDecoder(_ command: Command) -> Bool {
        switch command {
        case .view(.next): acceptTopToken()
        case .settings(.temperatureUp): stepSamplingTemperature(true)
        case .settings(.temperatureDown): stepSamplingTemperature(false)
        default: return false
        }
        return true
    }

    /// `--sample-temperature`, `--top-k`, `--top-p`: the bars show the new distribution.
    public mutating func setSampling(_ s: Sampling) {
        writing.sampling = s
        if isDecoder { recompute() }
    }

    /// `--generate N`: the decoder writes N tokens as the window opens, draws seeded by `seed`.
    public mutating func write(_ count: Int, seed: UInt64) {
        writing.seed = seed
        startWriting(count)
    }

    /// Tab with a decoder: the model's top token joins the input.
    mutating func acceptTopToken() {
        guard model?.output?.nextTokens?.isEmpty == false else {
            flash("the model has not answered yet", error: false)
            return
        }
        startWriting(1, greedy: true)
    }

    /// Ctrl+Enter: the model writes `batch` tokens, one at a time, each an answer's worth of
    /// animation; any key stops it.
    mutating func startWriting(_ count: Int, greedy: Bool = false) {
        guard isDecoder else {
            flash("writing needs a decoder: start with --model F.gguf (make run-llm)", error: false)
            return
        }
        writing.remaining = count
        writing.written = 0
        writing.greedyOnce = greedy
        if count > 1 { flash("writing \(count) tokens (\(writing.sampling.label)); any key stops", error: false) }
        recompute()
    }

    mutating func stopWriting() {
        guard writing.remaining > 0 else { return }
        writing.remaining = 0
        writing.pending = nil
        flash("stopped writing", error: false)
    }

    /// An answer brought the token the model wrote: it joins the input once the newest row has
    /// had its time on screen (at once for the first).
    mutating func wrote(_ w: Written) {
        guard writing.remaining > 0 else { return }
        writing.pending = w
        writing.due = writing.written == 0 ? time : time + GenerationState.pace
        writePending()
    }

    /// Time passed: a held token joins the input when it is due.
    mutating func writePending() {
        guard let w = writing.pending, time >= writing.due else { return }
        writing.pending = nil
        if w.ended {
            writing.remaining = 0
            flash("the model ended its text", error: false)
            return
        }
        guard input.text.count + w.text.count <= InputLimits.maxCharacters else {
            writing.remaining = 0
            flash("the input is full", error: true)
            return
        }
        writing.remaining -= 1
        writing.written += w.ids.count
        let before = model?.output?.trace.encoding.ids ?? []
        input.text += w.text
        writing.ids = before + w.ids
        writing.idsText = input.text
        recompute()
    }

    /// Ctrl+T / Ctrl+Shift+T with a decoder: the sampling temperature (0 = greedy) steps, and
    /// the bars show the new distribution.
    mutating func stepSamplingTemperature(_ up: Bool) {
        let steps = Sampling.temperatureSteps
        let now = writing.sampling.temperature
        let next =
            up
            ? steps.first { $0 > now + 1e-9 } ?? steps[steps.count - 1]
            : steps.last { $0 < now - 1e-9 } ?? steps[0]
        writing.sampling.temperature = next
        flash("next token: \(writing.sampling.label)", error: false)
        recompute()
    }
}
