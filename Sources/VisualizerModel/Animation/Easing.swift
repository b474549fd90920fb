/// Easing and closed-form progress: animations are functions of elapsed time, never of frame count.
public enum Easing {
    /// Cubic ease-in-out on [0, 1].
    @inline(__always)
    public static func inOutCubic(_ t: Float) -> Float {
        let x = min(max(t, 0), 1)
        return x < 0.5 ? 4 * x * x * x : 1 - pow3(-2 * x + 2) / 2
    }

    @inline(__always)
    static func pow3(_ v: Float) -> Float { v * v * v }

    /// Linear progress of a tween that started at `start` and lasts `duration`, at time `now`.
    @inline(__always)
    public static func progress(now: Double, start: Double, duration: Double) -> Float {
        guard duration > 0 else { return 1 }
        return Float(min(max((now - start) / duration, 0), 1))
    }
}
