/// Softmax temperatures the keys step through: about ×1.25 a step, symmetric around 1 (each
/// value's reciprocal is on the ladder too), so stepping up and back always lands on 1 exactly.
public enum Temperature {
    public static let ladder: [Float] = [
        0.1, 0.125, 0.16, 0.2, 0.25, 0.32, 0.4, 0.5, 0.64, 0.8, 1,
        1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.4, 8, 10,
    ]

    /// The next ladder value above (or below) `t`; `t` itself at the ends. A value off the
    /// ladder (a --temperature flag) steps to the nearest ladder value in that direction.
    public static func step(from t: Float, up: Bool) -> Float {
        if up { return ladder.first { $0 > t * 1.0001 } ?? ladder[ladder.count - 1] }
        return ladder.last { $0 < t * 0.9999 } ?? ladder[0]
    }
}
