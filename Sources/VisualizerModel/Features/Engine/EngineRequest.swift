import AttentionCore

#if canImport(Glibc)
    import Glibc
#endif

/// A recompute of the seeded engine too slow for one frame, handed to the shell as an effect.
public struct EngineRequest: Equatable, Sendable {
    /// Answers to older generations are stale and dropped.
    public var generation: Int
    public var text: String
    public var mode: TokenMode
    public var settings: AttentionSettings
    /// The tokens, when `reduce` already made them (it must, to decide the request).
    public var tokenization: Tokenization? = nil
}
