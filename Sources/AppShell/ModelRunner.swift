import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers
import VisualizerModel

/// Runs a request against a model: on the window's worker thread, or inline in `render`,
/// `dump` and the tests. Pure apart from the time it takes.
public enum ModelRunner {
    public static func run(_ model: TrainedModel, _ r: ModelRequest) -> Action {
        // Never cancelled, so never nil; the fallback only names what nil would mean.
        run(model, r, unless: { false })
            ?? .modelComputed(
                ModelResult(generation: r.generation, outcome: .failed(ModelError.superseded.description)))
    }

    /// As `run`, or nil when `cancelled` turns true first (a newer request waits: its answer is
    /// the one to show, and this one's would be dropped as stale anyway).
    public static func run(_ model: TrainedModel, _ r: ModelRequest, unless cancelled: () -> Bool) -> Action? {
        let outcome: ModelResult.Outcome
        switch model.run(
            r.text, ids: r.ids, inspect: r.layer, sampling: r.sampling, write: r.write, lens: r.lens,
            knockout: r.knockout, unless: cancelled)
        {
        case .failure(.superseded): return nil
        case .failure(let e): outcome = .failed(e.description)
        case .success(let answer):
            var out = output(answer.trace, hideSpecial: r.hideSpecial, decoder: model.isDecoder)
            out.nextTokens = answer.next
            out.nextTokensBefore = answer.nextBefore
            out.movers = answer.movers
            out.written = answer.written
            out.lens = answer.lens
            outcome = .computed(out)
        }
        var result = ModelResult(generation: r.generation, outcome: outcome)
        result.model = r.model
        return .modelComputed(result)
    }

    /// Answers every model request in `effects` at once, and those the answers lead to, as
    /// `render`, `dump`, the tests and the benchmarks do; returns the other effects.
    @discardableResult
    public static func settle(_ state: inout AppState, _ model: TrainedModel?, effects: [Effect]) -> [Effect] {
        settle(&state, models: [:], fallback: model, effects: effects)
    }

    /// As `settle`, with the models a lecture switches between, by key.
    @discardableResult
    public static func settle(
        _ state: inout AppState, models: [String: TrainedModel], fallback: TrainedModel?, effects: [Effect]
    ) -> [Effect] {
        var queue = effects
        var others: [Effect] = []
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .computeModel(let request):
                if let model = models[request.model] ?? fallback { queue += reduce(&state, run(model, request)) }
            case .computeEngine(let request):
                queue += reduce(&state, EngineRunner.run(request))
            default:
                others.append(effect)
            }
        }
        return others
    }

    /// Ticks a lecture's cue to rest, the model answered at once: its typing and writing done,
    /// a jump's waits over, every animation finished (at most `limit` seconds of lecture time).
    public static func settleCue(
        _ state: inout AppState, models: [String: TrainedModel], fallback: TrainedModel?, dt: Double,
        limit: Double = 60
    ) {
        var waited = 0.0
        while !state.cueSettled && waited < limit {
            settle(&state, models: models, fallback: fallback, effects: reduce(&state, .tick(seconds: dt)))
            waited += dt
        }
    }

    /// Patterns, rollout and the pooled overview of a trace, with special tokens hidden or not.
    public static func output(_ trace: ModelTrace, hideSpecial: Bool, decoder: Bool = false) -> ModelOutput {
        let n = trace.tokenCount
        let special = Set(trace.specialPositions)
        // Hiding needs something left to show.
        let kept = hideSpecial && special.count < n ? (0..<n).filter { !special.contains($0) } : Array(0..<n)
        let hiding = kept.count < n
        let tokens = trace.encoding.tokens
        let keys = HeadPattern.KeyClasses(tokens: tokens, decoder: decoder)
        func shown(_ m: Matrix) -> Matrix { hiding ? m.keeping(kept, renormalize: true) : m }
        let m = kept.count
        let f = m > ModelOverview.maxSlots ? (m + ModelOverview.maxSlots - 1) / ModelOverview.maxSlots : 1
        func tile(_ w: Matrix) -> [Float] {
            let s = shown(w)
            return f == 1 ? s.storage : DisplayFrame.maxPool(s.storage, n: m, f: f)
        }
        // A layer at a time, pooled at once: a decoder's maps are packed rows, made into
        // matrices only here, and only one layer's matrices, average and rollout are alive.
        var patterns: [[HeadPattern]] = []
        var tiles: [[[Float]]] = []
        var averages: [[Float]] = []
        var rollouts: [[Float]] = []
        var rollout: Matrix?
        // A decoder's induction and previous-token scores, from the same matrices, layer by layer.
        let targets = HeadScores.targets(trace.encoding.ids)
        var induction: [[Double]] = []
        var previous: [[Double]] = []
        for l in 0..<trace.layers {
            let heads = trace.maps.layer(l)
            patterns.append(heads.map { HeadPattern.classify($0, keys: keys) })
            if decoder {
                let s = heads.map { w in HeadScores.scores(n: n, targets: targets) { w[$0, $1] } }
                induction.append(s.map(\.induction))
                previous.append(s.map(\.previous))
            }
            tiles.append(heads.map(tile))
            let average = AttentionEngine.aggregate(heads, .mean)
            averages.append(tile(average))
            let through = ModelTrace.rollout(average, after: rollout)
            rollouts.append(tile(through))
            rollout = through
        }
        let overview = ModelOverview(
            n: (m + f - 1) / f, pool: f, heads: tiles, averages: averages, rollouts: rollouts)
        var output = ModelOutput(
            trace: trace.releasingMaps(), shown: hiding ? trace.layer.keeping(kept) : trace.layer, kept: kept,
            patterns: patterns, overview: overview)
        if decoder {
            output.headScores = HeadScores(induction: induction, previousToken: previous, repeatedRows: targets.count)
        }
        return output
    }
}

extension ModelRunner {
    /// An encoder's request (the tests and benchmarks hold a `EncoderModel`).
    public static func run(_ model: EncoderModel, _ r: ModelRequest) -> Action { run(.encoder(model), r) }

    @discardableResult
    public static func settle(_ state: inout AppState, _ model: EncoderModel?, effects: [Effect]) -> [Effect] {
        settle(&state, models: [:], fallback: model.map(TrainedModel.encoder), effects: effects)
    }
}
