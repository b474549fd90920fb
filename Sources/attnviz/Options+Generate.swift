import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers

extension FlagValue {
    /// Digits only, 0 to UInt64.max.
    func seed() throws(UsageError) -> UInt64 {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let s = UInt64(text) else {
            throw fail("\(flag) needs a whole number from 0 to \(UInt64.max) (got '\(shortened(text))')")
        }
        return s
    }
}

extension Options {
    /// `generate`'s flags: the sampling temperature here is the next-token distribution's
    /// (0 = greedy), not the seeded engine's score temperature.
    mutating func applyGenerateFlag(_ value: FlagValue) throws(UsageError) {
        switch value.flag {
        case "--tokens": generateTokens = try value.int(0...4096)
        case "--temperature":
            guard let t = DecimalNumber.parse(value.text), t.isFinite, (0...10).contains(t) else {
                throw value.fail(
                    "--temperature must be a number from 0 (greedy) to 10 (got '\(shortened(value.text))')")
            }
            sampling.temperature = t
        case "--sample-seed": sampleSeed = try value.seed()
        default:
            if try applySamplingFlag(value) { return }
            if try applyEngineFlag(value) { return }
            throw value.fail("unknown flag '\(shortened(value.flag))'")
        }
    }

    /// --top-k and --top-p (generate, the window and render), and --sample-temperature (the
    /// window and render, where --temperature is the seeded engine's).
    mutating func applySamplingFlag(_ value: FlagValue) throws(UsageError) -> Bool {
        switch value.flag {
        case "--top-k": sampling.topK = try value.int(0...1_000_000)
        case "--top-p":
            guard let p = DecimalNumber.parse(value.text), p.isFinite, p > 0, p <= 1 else {
                throw value.fail("--top-p must be a number above 0 and at most 1 (got '\(shortened(value.text))')")
            }
            sampling.topP = p
        case "--sample-temperature":
            guard let t = DecimalNumber.parse(value.text), t.isFinite, (0...10).contains(t) else {
                throw value.fail(
                    "--sample-temperature must be a number from 0 (greedy) to 10 (got '\(shortened(value.text))')")
            }
            sampling.temperature = t
        default: return false
        }
        samplingGiven = true
        return true
    }
}
