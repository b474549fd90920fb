import AttentionCore
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// When a recompute goes to the worker, and how it is run there.
public enum EngineRunner {
    public static func run(_ r: EngineRequest) -> Action {
        let outcome: EngineResult.Outcome
        switch AttentionEngine.run(text: r.text, mode: r.mode, settings: r.settings) {
        case .success(let trace): outcome = .computed(trace, DisplayFrame(trace: trace))
        case .failure(let e): outcome = .failed(e)
        }
        return .engineComputed(EngineResult(generation: r.generation, outcome: outcome))
    }

    /// The worker's way: for an input long enough to be pooled, the overview the heatmaps show
    /// first (a few ms at 2048 tokens), then the full trace, unless `cancelled` (a newer
    /// request is waiting) stops it first. Short inputs get the full answer at once.
    public static func runPhased(
        _ r: EngineRequest, quietMilliseconds quiet: Int = EngineRunner.quietMilliseconds,
        post: (Action) -> Void, cancelled: @escaping @Sendable () -> Bool
    ) {
        func answer(_ o: EngineResult.Outcome) {
            post(.engineComputed(EngineResult(generation: r.generation, outcome: o)))
        }
        let tokenization: Tokenization
        switch r.tokenization.map({ Result<Tokenization, TokenizationError>.success($0) })
            ?? Tokenizer.tokenize(r.text, mode: r.mode)
        {
        case .success(let t): tokenization = t
        case .failure(let e): return answer(.failed(.tokenization(e)))
        }
        let f = DisplayFrame.poolFactor(tokenization.tokens.count)
        var overview: DisplayFrame?
        if f > 1 {
            switch AttentionEngine.pooled(
                tokenization: tokenization, settings: r.settings, pool: f, threads: overviewThreads,
                cancelled: cancelled)
            {
            case nil: return
            case .failure(let e)?: return answer(.failed(e))
            case .success(let p)?:
                overview = DisplayFrame(pooled: p, settings: r.settings)
                answer(.overview(overview ?? .empty))
            }
            // While keys keep coming, only overviews: the full trace waits for a pause in the
            // typing, so it never delays the next keystroke's picture.
            for _ in 0..<(quiet / 5) {
                if cancelled() { return }
                usleep(5_000)
            }
        }
        switch AttentionEngine.run(tokenization: tokenization, settings: r.settings, cancelled: cancelled) {
        case nil: return
        // The overview is this trace's frame, bit for bit (tested): no second pooling.
        case .success(let trace)?: answer(.computed(trace, overview ?? DisplayFrame(trace: trace)))
        case .failure(let e)?: answer(.failed(e))
        }
    }

    /// How long typing must pause before a long input's full trace is computed: longer than
    /// the morph the overview starts, so the trace never competes with its frames.
    public static let quietMilliseconds = 350

    /// Threads of the overview: every core. The overview is what the next frame waits for, and
    /// leaving a core to the render loop slows the keystroke more than it smooths the frames
    /// (bench/README.md, "Typing").
    public static let overviewThreads = Int.max
}
