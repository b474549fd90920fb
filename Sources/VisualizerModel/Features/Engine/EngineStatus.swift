/// Where the seeded engine's current answer stands: computed in place or on the shell's worker.
public struct EngineStatus: Equatable, Sendable {
    /// Attention cells (tokens² × heads) above which a recompute is not done inside `reduce`:
    /// about 10 ms of engine, display-frame and pooling work on this machine.
    public static let asyncCells = 256 * 256 * 4

    /// Whether long recomputes go to the shell's worker (the window) or run inside `reduce`
    /// (render, dump, most tests).
    public var computesInBackground = false
    /// The newest engine request, and whether its answer is still outstanding.
    public var generation = 0
    public var computing = false
    /// The heatmaps show a pooled overview whose full trace has not arrived yet.
    public var traceFollows = false
    /// Why there is no trace for the current input, in one line.
    public var error: String?

    public init(computesInBackground: Bool = false) {
        self.computesInBackground = computesInBackground
    }
}
