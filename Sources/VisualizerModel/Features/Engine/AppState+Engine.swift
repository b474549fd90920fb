import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

extension AppState {
    /// Re-runs the engine for the current input.text and settings and retargets the animation;
    /// what is too slow for a frame comes back as a compute request for the shell.
    mutating func recompute(duration: Double = Durations.morph, stagger: Double = 0) -> [Effect] {
        if model != nil { return requestModel() }
        engine.generation += 1
        let tokenized = Tokenizer.tokenize(input.text, mode: input.mode)
        if engine.computesInBackground, case .success(let t) = tokenized,
            t.tokens.count * t.tokens.count * max(1, settings.heads) > EngineStatus.asyncCells
        {
            // Too slow for a frame: the old picture stays (the input.text line already shows the
            // new text) until the worker answers.
            engine.computing = true
            return [
                .computeEngine(
                    EngineRequest(
                        generation: engine.generation, text: input.text, mode: input.mode, settings: settings,
                        tokenization: t))
            ]
        }
        engine.computing = false
        let from = displayed
        show(
            tokenized.mapError(AttentionError.tokenization)
                .flatMap { AttentionEngine.run(tokenization: $0, settings: settings) }
                .map { ($0, DisplayFrame(trace: $0)) })
        retarget(from: from, duration: duration, stagger: stagger)
        return []
    }

    /// A new trace (or why there is none) becomes the target; the caller animates to it.
    mutating func show(_ outcome: Result<(AttentionTrace, DisplayFrame), AttentionError>) {
        switch outcome {
        case .success((let trace, let frame)):
            self.trace = trace
            engine.error = nil
            target = frame
            clampSelection()
        case .failure(.emptyInput):
            trace = nil
            engine.error = nil
            target = .empty
        case .failure(let error):
            // Keep the last valid attention on screen; the error line says why it is stale.
            engine.error = error.description
        }
    }

    /// Animates from `from` to the current target and drops what no longer exists.
    mutating func retarget(from: DisplayFrame, duration: Double, stagger: Double) {
        zoom.clamp(target.n)
        if !DisplayFrame.morphs(from: from, to: target) {
            transition = nil
        } else if from != target {
            let n = max(from.n, target.n)
            // The whole opening stays within Durations.opening however long the sentence.
            let step = n > 1 ? min(stagger, (Durations.opening - duration) / Double(n - 1)) : 0
            transition = Transition(from: from, start: time, duration: duration, stagger: max(0, step))
        }
        if let h = pointer.hover, case .cell(let head, let q, let k) = h,
            q >= target.n || k >= target.n || (head ?? 0) >= max(1, target.heads.count)
        {
            pointer.hover = nil
        }
    }

    mutating func clampSelection() {
        // With no trace yet (a lecture's model still to answer) there is nothing to clamp to:
        // a cue's query or look waits for the answer, which clamps it then.
        guard let n = trace?.tokenCount else { return }
        selection.query = max(0, min(selection.query, n - 1))
        selection.key = max(0, min(selection.key, n - 1))
        selection.head = max(0, min(selection.head, settings.heads - 1))
        selection.queries.removeAll { $0 >= n }
    }

    /// Asks the shell for a forward pass of the trained model (an empty input.text needs none).
    mutating func requestModel() -> [Effect] {
        guard var session = model else { return [] }
        session.generation += 1
        if input.text.allSatisfy(\.isWhitespace) {
            session.computing = false
            // Nothing to show: the last answer (every layer's attention) is not kept alive.
            session.output = nil
            session.previousOverview = nil
            model = session
            let from = displayed
            trace = nil
            engine.error = nil
            target = .empty
            retarget(from: from, duration: Durations.morph, stagger: 0)
            return []
        }
        var request = ModelRequest(
            generation: session.generation, text: input.text, layer: session.layer, hideSpecial: session.hideSpecial,
            model: session.info.key)
        if session.info.isDecoder {
            request.sampling = generation.sampling
            if generation.idsText == input.text { request.ids = generation.ids }
            request.lens = view == .lens
            request.knockout = session.knockout
            if generation.remaining > 0 {
                request.write = WriteStep(
                    seed: generation.seed, step: generation.written, greedy: generation.greedyOnce)
            }
        }
        session.computing = true
        model = session
        return [.computeModel(request)]
    }

    /// The requests of the state as it was built, before any action: the opening picture's
    /// forward pass (`init`, `setSampling`, `write` and `load(cues:)` add theirs), taken once.
    public mutating func pendingEffects() -> [Effect] {
        defer { opening = [] }
        return Effect.latest(opening)
    }

    /// The worker's trace of a long input: shown like a recompute done in place.
    mutating func apply(_ result: EngineResult) -> [Effect] {
        guard model == nil, result.generation == engine.generation else { return [] }
        engine.computing = false
        if case .computed(let trace, let frame) = result.outcome, engine.traceFollows, frame == target {
            // The trace behind the overview already on screen: nothing moves.
            engine.traceFollows = false
            self.trace = trace
            clampSelection()
            return []
        }
        let from = displayed
        engine.traceFollows = false
        switch result.outcome {
        case .computed(let trace, let frame): show(.success((trace, frame)))
        case .overview(let frame):
            // The heatmaps are current; the trace (inspector, explanation) is on its way.
            engine.error = nil
            target = frame
            engine.traceFollows = true
        case .failed(let error): show(.failure(error))
        }
        retarget(from: from, duration: Durations.morph, stagger: 0)
        return []
    }

    /// A forward pass came back: show it, animating from what was on screen.
    mutating func apply(_ result: ModelResult) -> [Effect] {
        guard var session = model, result.generation == session.generation, result.model == session.info.key else {
            return []
        }
        session.computing = false
        switch result.outcome {
        case .failed(let reason):
            model = session
            engine.error = reason
            // A failed forward ends a writing: a jump waiting on it goes on.
            generation.remaining = 0
            generation.pending = nil
            return resumeReplayIfIdle()
        case .computed(let output):
            let opening = target.n == 0
            // A selection on the last token follows the text as the model writes it.
            let onLast = !selection.picked && trace.map { selection.query == $0.tokenCount - 1 } == true
            session.previousOverview = session.output?.overview
            session.answeredAt = time
            session.output = output
            model = session
            let from = displayed
            trace = output.shown
            settings = output.shown.settings
            engine.error = nil
            target = DisplayFrame(trace: output.shown)
            if output.isPair { target.segments = output.segments }
            if !output.isPair { model?.pairFilter = .all }
            target.pairFilter = model?.pairFilter ?? .all
            clampSelection()
            if onLast && session.info.isDecoder { selection.query = output.shown.tokenCount - 1 }
            // Draws of tokens that are no longer where the model wrote them are forgotten.
            let ids = output.trace.encoding.ids
            generation.drawn = generation.drawn.filter { $0.key < ids.count && ids[$0.key] == $0.value.id }
            if opening && session.info.isDecoder && selection.query == 0 && selection.key == 0 && !selection.picked {
                // A decoder's first query sees only itself (weight 1.00, nothing to explain): open
                // on the last one, at the key it attends to most.
                let n = output.shown.tokenCount
                let row = Array(
                    output.shown.heads[min(selection.head, output.shown.heads.count - 1)].weights.row(n - 1))
                selection.query = n - 1
                selection.key = row.indices.max { row[$0] < row[$1] } ?? 0
            }
            retarget(
                from: from, duration: opening ? Durations.grow : Durations.morph,
                stagger: opening ? Durations.openingStagger : 0)
            let effects = output.written.map { wrote($0) } ?? []
            return effects + resumeReplayIfIdle()
        }
    }
}
