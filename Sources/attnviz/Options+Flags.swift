import AppShell
import AttentionCore
import VisualizerModel

extension Options {
    /// The input, the seeded engine and the trained model; false when `value.flag` is not one of them.
    mutating func applyEngineFlag(_ value: FlagValue) throws(UsageError) -> Bool {
        switch value.flag {
        case "--input": input = value.text
        case "--ablate": ablate = value.text
        case "--input-file":
            switch InputFile.read(value.text) {
            case .success(let text): input = text
            case .failure(let reason):
                throw value.fail("cannot read --input-file '\(shortened(value.text))': \(reason)")
            }
        case "--mode":
            guard let m = TokenMode(rawValue: value.text) else {
                throw value.fail("--mode must be \(TokenMode.choices) (got '\(shortened(value.text))')")
            }
            mode = m
        case "--d-model": settings.dModel = try value.int(1...AttentionLimits.maxDModel)
        case "--heads": settings.heads = try value.int(1...AttentionLimits.maxDModel)
        case "--seed":
            guard !value.text.isEmpty, value.text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let s = UInt64(value.text)
            else {
                throw value.fail("--seed needs a whole number from 0 to \(UInt64.max) (got '\(shortened(value.text))')")
            }
            settings.seed = s
        case "--mask":
            guard let m = MaskSpec.parse(value.text) else {
                throw value.fail(
                    "--mask must be none, causal, padding:P, window:W or a '+' join like causal+padding:2 (got '\(shortened(value.text))')"
                )
            }
            settings.mask = m
        case "--temperature":
            guard let t = DecimalNumber.parse(value.text).map(Float.init), t.isFinite,
                AttentionSettings.temperatureRange.contains(t)
            else {
                throw value.fail("--temperature must be a number from 0.1 to 10 (got '\(shortened(value.text))')")
            }
            settings.temperature = t
        case "--aggregation":
            guard let a = HeadAggregation(rawValue: value.text) else {
                throw value.fail("--aggregation must be \(HeadAggregation.choices) (got '\(shortened(value.text))')")
            }
            settings.aggregation = a
        case "--model": modelPath = value.text
        case "--layer": layer = try value.int(1...1000)
        case "--head": head = try value.int(1...1000)
        case "--look": look = try value.int(1...100_000)
        case "--pair-filter":
            guard let filter = PairFilter(flagName: value.text.lowercased()) else {
                throw value.fail(
                    "--pair-filter must be \(choiceList(PairFilter.allCases.map(\.flagName))) (got '\(shortened(value.text))')"
                )
            }
            pairFilter = filter
        default: return false
        }
        return true
    }

    /// How the picture looks; false when `value.flag` is not one of them.
    mutating func applyDisplayFlag(_ value: FlagValue) throws(UsageError) -> Bool {
        switch value.flag {
        case "--arc-threshold":
            guard let t = DecimalNumber.parse(value.text).map(Float.init), t.isFinite, t >= 0, t <= 0.9 else {
                throw value.fail("--arc-threshold must be a weight from 0 to 0.9 (got '\(shortened(value.text))')")
            }
            arcThreshold = t
        case "--arc-top-k": arcTopK = try value.int(0...64)
        case "--arc-layout":
            guard let l = ArcLayout(rawValue: value.text) else {
                throw value.fail("--arc-layout must be \(ArcLayout.choices) (got '\(shortened(value.text))')")
            }
            arcLayout = l
        case "--color-scale":
            guard let c = ColorScale(rawValue: value.text) else {
                throw value.fail("--color-scale must be \(ColorScale.choices) (got '\(shortened(value.text))')")
            }
            colorScale = c
        case "--font": fontPath = value.text
        case "--font-scale":
            guard let f = DecimalNumber.parse(value.text).map(Float.init), f.isFinite, f >= 0.8, f <= 2.5 else {
                throw value.fail("--font-scale must be a number from 0.8 to 2.5 (got '\(shortened(value.text))')")
            }
            fontScale = f
        case "--view":
            guard let v = ViewKind(rawValue: value.text) else {
                throw value.fail("--view must be \(ViewKind.choices) (got '\(shortened(value.text))')")
            }
            view = v
        case "--theme":
            guard let t = Theme.named(value.text) else {
                throw value.fail(
                    "--theme must be \(choiceList(Theme.all.map(\.name))) (got '\(shortened(value.text))')")
            }
            theme = t
        case "--colormap":
            guard let c = Colormap(rawValue: value.text), Colormap.sequential.contains(c) else {
                throw value.fail(
                    "--colormap must be \(choiceList(Colormap.sequential.map(\.rawValue))) (got '\(shortened(value.text))')"
                )
            }
            colormap = c
        default: return try applySamplingFlag(value)
        }
        return true
    }

    /// Where frames go, lectures, and the bench runs; false when `value.flag` is not one of them.
    mutating func applyOutputFlag(_ value: FlagValue) throws(UsageError) -> Bool {
        switch value.flag {
        case "--cues": cuesPath = value.text
        case "--video": video = value.text
        case "--cue": cue = try value.int(1...100_000)
        case "--fps": fps = try value.int(1...240)
        case "--screenshot-dir": screenshotDir = value.text
        case "--out": out = value.text
        case "--size":
            let parts = value.text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
                let w = Int(parts[0]), let h = Int(parts[1]), (16...8192).contains(w), (16...8192).contains(h)
            else {
                throw value.fail(
                    "--size must look like 1280x720, each side 16 to 8192 (got '\(shortened(value.text))')")
            }
            size = (w, h)
        case "--time":
            guard let t = DecimalNumber.parse(value.text), t.isFinite, t >= 0, t <= 3600 else {
                throw value.fail("--time must be seconds from 0 to 3600 (got '\(shortened(value.text))')")
            }
            time = t
        case "--bench-frames": benchFrames = try value.int(1...1_000_000)
        case "--bench-fuzz":
            guard !value.text.isEmpty, value.text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let seed = UInt64(value.text)
            else {
                throw value.fail("--bench-fuzz needs a seed, a whole number (got '\(shortened(value.text))')")
            }
            benchFuzz = seed
        case "--bench-typing": benchTyping = try value.int(1...10_000)
        case "--generate": windowGenerate = try value.int(1...256)
        case "--sample-seed": sampleSeed = try value.seed()
        default: return false
        }
        return true
    }
}

/// A flag's value as the flag needs it, with the flag's own error line.
struct FlagValue {
    let flag: String
    let text: String
    let command: String

    func fail(_ message: String) -> UsageError { UsageError(message: message, command: command) }

    /// Digits only (an optional minus): "+5" and " 5" are typos, not numbers.
    func int(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(text), range.contains(v)
        else {
            throw fail(
                "\(flag) needs a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(shortened(text))')"
            )
        }
        return v
    }
}
