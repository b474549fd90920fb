import AttentionCore

/// A running change from one display frame to the current trace's.
public struct Transition: Equatable, Sendable {
    public var from: DisplayFrame
    public var start: Double
    public var duration: Double
    /// Delay between successive tokens growing in (the opening types the sentence out).
    public var stagger: Double

    public init(from: DisplayFrame, start: Double, duration: Double, stagger: Double = 0) {
        self.from = from
        self.start = start
        self.duration = duration
        self.stagger = stagger
    }

    /// When the last slot has finished.
    public func end(slots: Int) -> Double {
        start + duration + stagger * Double(max(0, slots - 1))
    }
}
