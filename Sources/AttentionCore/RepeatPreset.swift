/// The induction preset: `count` words drawn (seeded) from a fixed list, then the same words
/// again, so that the second copy can be predicted from the first.
public enum RepeatPreset {
    /// The cue value that asks for it: "repeat 20".
    public static func parse(_ value: String) -> Int? {
        let parts = value.split(separator: " ")
        guard parts.count == 2, parts[0] == "repeat", let n = Int(parts[1]), (1...200).contains(n) else { return nil }
        return n
    }

    static let words = [
        "apple", "river", "stone", "cloud", "tiger", "piano", "lemon", "candle", "forest", "rocket", "garden", "silver",
        "window", "planet", "mirror", "orange", "castle", "dragon", "pencil", "summer", "winter", "bridge", "island",
        "jacket", "kitten", "ladder", "marble", "needle", "oyster", "parrot", "quartz", "saddle", "tunnel", "velvet",
        "walnut", "yellow", "zebra", "anchor", "basket", "copper", "desert", "engine", "falcon", "glider", "harbor",
        "igloo", "jungle", "kettle", "lizard", "meadow",
    ]

    public static func text(count: Int, seed: UInt64 = 2026) -> String {
        var rng = SplitMix64(seed: seed)
        let n = max(1, min(count, 200))
        let run = (0..<n).map { _ in words[Int(rng.next() % UInt64(words.count))] }
        return (run + run).joined(separator: " ")
    }
}
