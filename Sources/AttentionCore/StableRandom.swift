/// Stated, process-independent hashing and random numbers.
///
/// Swift's `Hasher` is seeded per process, so it can never make an embedding; these can.
public enum StableHash {
    /// 64-bit FNV-1a over the UTF-8 bytes of `string`.
    public static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Mixes two 64-bit values into one well-spread seed (one SplitMix64 step of their xor).
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var g = SplitMix64(seed: a ^ (b &* 0x9e37_79b9_7f4a_7c15))
        return g.next()
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and identical on every platform.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 bits, exactly representable as `Float`.
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [-1, 1).
    public mutating func nextSigned() -> Float {
        nextUnit() * 2 - 1
    }
}
