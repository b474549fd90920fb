import AttentionCore

#if canImport(Glibc)
    import Glibc
#endif

/// The shell's answer: the trace and its display frame, both built off the render thread.
public struct EngineResult: Equatable, Sendable {
    public var generation: Int
    public var outcome: Outcome

    public init(generation: Int, outcome: Outcome) {
        self.generation = generation
        self.outcome = outcome
    }

    public enum Outcome: Equatable, Sendable {
        case computed(AttentionTrace, DisplayFrame)
        /// A long input's heatmaps first (pooled, no n × n matrices kept); the trace follows.
        case overview(DisplayFrame)
        case failed(AttentionError)
    }
}
