import AttentionCore

/// A recompute of the seeded engine too slow for one frame, handed to the shell as an effect.
public struct EngineRequest: Equatable, Sendable {
    /// Answers to older generations are stale and dropped.
    public var generation: Int
    public var text: String
    public var mode: TokenMode
    public var settings: AttentionSettings
}

/// The shell's answer: the trace and its display frame, both built off the render thread.
public struct EngineResult: Equatable, Sendable {
    public var generation: Int
    public var outcome: Outcome

    public enum Outcome: Equatable, Sendable {
        case computed(AttentionTrace, DisplayFrame)
        case failed(AttentionError)
    }
}

/// When a recompute goes to the worker, and how it is run there.
public enum EngineRunner {
    /// Attention cells (tokens² × heads) above which a recompute is not done inside `reduce`:
    /// about 10 ms of engine, display-frame and pooling work on this machine.
    public static let asyncCells = 256 * 256 * 4

    public static func run(_ r: EngineRequest) -> Action {
        let outcome: EngineResult.Outcome
        switch AttentionEngine.run(text: r.text, mode: r.mode, settings: r.settings) {
        case let .success(trace): outcome = .computed(trace, DisplayFrame(trace: trace))
        case let .failure(e): outcome = .failed(e)
        }
        return .engineComputed(EngineResult(generation: r.generation, outcome: outcome))
    }
}
