import AppShell
import AttentionCore
import VisualizerModel

/// A flag the user got wrong: one line for stderr, then a usage hint; exit status 2.
struct UsageError: Error {
    let message: String
    let command: String
}

/// Every flag of every subcommand, parsed into one value with lecture defaults.
struct Options {
    static let defaultInput = "the cat sat on the mat because it was tired"

    var input = Options.defaultInput
    var mode: TokenMode = .auto
    var settings = AttentionSettings.lecture
    // Window and render.
    var fontPath: String?
    var screenshotDir = "."
    var view = ViewKind.heatmaps
    var theme = Theme.dark
    var colormap = Colormap.viridis
    var fontScale: Float = 1
    var arcThreshold: Float = 0.1
    var arcTopK = 2
    var arcLayout = ArcLayout.line
    var cuesPath: String?
    var cue: Int?
    var fps = 30
    var everyCue = false
    var video: String?
    var colorScale = ColorScale.auto
    var size: (width: Int, height: Int) = (1280, 720)
    var time: Double = 10
    var out: String?
    var benchFrames: Int?
    var benchFuzz: UInt64?
    var benchTyping: Int?
    var help = false
    /// A Hugging Face BERT folder: the trained model replaces the seeded toy engine.
    var modelPath: String?
    /// The inspected layer and head, 1-based as the user counts them.
    var layer = 1
    var head = 1
    var hideSpecial = false
    /// For a ' ||| ' sentence pair: all, a-b, b-a, a-a or b-b.
    var pairFilter = PairFilter.all
    /// Every flag the user gave, to refuse toy-engine flags next to --model.
    var given: Set<String> = []

    /// Flags of the seeded engine that mean nothing to a trained model.
    static let toyOnlyFlags: Set<String> = [
        "--mode", "--d-model", "--heads", "--seed", "--mask", "--positional", "--temperature",
        "--unscaled", "--aggregation",
    ]

    /// Which flags a subcommand accepts.
    enum Group { case engine, display, render, window, record }

    static let engineFlags: Set<String> = [
        "--input", "--input-file", "--mode", "--d-model", "--heads", "--seed", "--mask", "--positional",
        "--temperature", "--unscaled", "--aggregation", "--model", "--layer",
    ]
    static let displayFlags: Set<String> = [
        "--font", "--view", "--theme", "--colormap", "--font-scale", "--arc-threshold", "--arc-top-k", "--arc-layout",
        "--color-scale", "--head", "--hide-special", "--pair-filter",
    ]
    static let renderFlags: Set<String> = ["--out", "--size", "--time", "--cues", "--cue"]
    static let windowFlags: Set<String> = [
        "--screenshot-dir", "--bench-frames", "--bench-fuzz", "--bench-typing", "--size", "--cues",
    ]
    static let recordFlags: Set<String> = ["--cues", "--out", "--fps", "--size", "--every-cue", "--video"]
    static let booleanFlags: Set<String> = [
        "--positional", "--unscaled", "--hide-special", "--every-cue", "--help", "-h",
    ]

    /// The flags that decide the opening state, for AppShell's `OpeningState`.
    var opening: OpeningSettings {
        var opening = OpeningSettings(input: input)
        opening.mode = mode
        opening.settings = settings
        opening.view = view
        opening.theme = theme
        opening.colormap = colormap
        opening.colorScale = colorScale
        opening.width = size.width
        opening.height = size.height
        opening.fontScale = fontScale
        opening.arcThreshold = arcThreshold
        opening.arcTopK = arcTopK
        opening.arcLayout = arcLayout
        opening.layer = layer
        opening.head = head
        opening.hideSpecial = hideSpecial
        opening.pairFilter = pairFilter
        opening.modelPath = modelPath
        return opening
    }

    static func parse(_ args: [String], command: String, groups: [Group]) throws(UsageError) -> Options {
        var allowed: Set<String> = ["--help", "-h"]
        for g in groups {
            switch g {
            case .engine: allowed.formUnion(engineFlags)
            case .display: allowed.formUnion(displayFlags)
            case .render: allowed.formUnion(renderFlags)
            case .window: allowed.formUnion(windowFlags)
            case .record: allowed.formUnion(recordFlags)
            }
        }
        var o = Options()
        var i = 0
        func fail(_ message: String) -> UsageError { UsageError(message: message, command: command) }
        while i < args.count {
            var flag = args[i]
            var inlineValue: String?
            if flag.hasPrefix("--"), let eq = flag.firstIndex(of: "=") {
                inlineValue = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            guard allowed.contains(flag) else {
                if flag.hasPrefix("-") { throw fail("unknown flag '\(shortened(flag))'") }
                throw fail("unexpected argument '\(shortened(flag))' (the input goes after --input)")
            }
            if booleanFlags.contains(flag) {
                if inlineValue != nil { throw fail("\(flag) takes no value") }
                o.given.insert(flag)
                switch flag {
                case "--hide-special": o.hideSpecial = true
                case "--positional": o.settings.positional = true
                case "--unscaled": o.settings.scaleScores = false
                case "--every-cue": o.everyCue = true
                default: o.help = true
                }
                i += 1
                continue
            }
            let value: String
            if let v = inlineValue {
                value = v
            } else {
                guard i + 1 < args.count else { throw fail("\(flag) needs a value") }
                value = args[i + 1]
                i += 1
            }
            i += 1
            o.given.insert(flag)
            try o.apply(flag, value, fail)
        }
        if o.modelPath != nil, let clash = o.given.intersection(toyOnlyFlags).sorted().first {
            throw fail(
                "\(clash) applies to the seeded engine only; a trained model's sizes and weights come from its folder")
        }
        if o.benchFuzz != nil && o.benchFrames == nil {
            throw fail("--bench-fuzz needs --bench-frames N (a bounded run)")
        }
        if o.modelPath == nil,
            let clash = o.given.intersection(["--layer", "--hide-special", "--pair-filter"]).sorted().first
        {
            throw fail("\(clash) needs --model DIR (a trained model's layers)")
        }
        return o
    }

    private mutating func apply(_ flag: String, _ value: String, _ fail: (String) -> UsageError) throws(UsageError) {
        func int(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
            // Digits only (an optional minus): "+5" and " 5" are typos, not numbers.
            let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(value),
                range.contains(v)
            else {
                throw fail(
                    "\(flag) needs a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(shortened(value))')"
                )
            }
            return v
        }
        switch flag {
        case "--input": input = value
        case "--input-file":
            switch InputFile.read(value) {
            case .success(let text): input = text
            case .failure(let reason): throw fail("cannot read --input-file '\(shortened(value))': \(reason)")
            }
        case "--mode":
            guard let m = TokenMode(rawValue: value) else {
                throw fail("--mode must be \(TokenMode.choices) (got '\(shortened(value))')")
            }
            mode = m
        case "--d-model": settings.dModel = try int(1...AttentionLimits.maxDModel)
        case "--heads": settings.heads = try int(1...AttentionLimits.maxDModel)
        case "--seed":
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let s = UInt64(value) else {
                throw fail("--seed needs a whole number from 0 to \(UInt64.max) (got '\(shortened(value))')")
            }
            settings.seed = s
        case "--mask":
            guard let m = MaskSpec.parse(value) else {
                throw fail(
                    "--mask must be none, causal, padding:P, window:W or a '+' join like causal+padding:2 (got '\(shortened(value))')"
                )
            }
            settings.mask = m
        case "--temperature":
            guard let t = DecimalNumber.parse(value).map(Float.init), t.isFinite,
                AttentionSettings.temperatureRange.contains(t)
            else {
                throw fail("--temperature must be a number from 0.1 to 10 (got '\(shortened(value))')")
            }
            settings.temperature = t
        case "--aggregation":
            guard let a = HeadAggregation(rawValue: value) else {
                throw fail("--aggregation must be \(HeadAggregation.choices) (got '\(shortened(value))')")
            }
            settings.aggregation = a
        case "--arc-threshold":
            guard let t = DecimalNumber.parse(value).map(Float.init), t.isFinite, t >= 0, t <= 0.9 else {
                throw fail("--arc-threshold must be a weight from 0 to 0.9 (got '\(shortened(value))')")
            }
            arcThreshold = t
        case "--arc-top-k": arcTopK = try int(0...64)
        case "--cues": cuesPath = value
        case "--video": video = value
        case "--cue": cue = try int(1...100_000)
        case "--fps": fps = try int(1...240)
        case "--arc-layout":
            guard let l = ArcLayout(rawValue: value) else {
                throw fail("--arc-layout must be \(ArcLayout.choices) (got '\(shortened(value))')")
            }
            arcLayout = l
        case "--color-scale":
            guard let c = ColorScale(rawValue: value) else {
                throw fail("--color-scale must be \(ColorScale.choices) (got '\(shortened(value))')")
            }
            colorScale = c
        case "--font": fontPath = value
        case "--font-scale":
            guard let f = DecimalNumber.parse(value).map(Float.init), f.isFinite, f >= 0.8, f <= 2.5 else {
                throw fail("--font-scale must be a number from 0.8 to 2.5 (got '\(shortened(value))')")
            }
            fontScale = f
        case "--screenshot-dir": screenshotDir = value
        case "--view":
            guard let v = ViewKind(rawValue: value) else {
                throw fail("--view must be \(ViewKind.choices) (got '\(shortened(value))')")
            }
            view = v
        case "--theme":
            guard let t = Theme.named(value) else {
                throw fail("--theme must be \(choiceList(Theme.all.map(\.name))) (got '\(shortened(value))')")
            }
            theme = t
        case "--colormap":
            guard let c = Colormap(rawValue: value), Colormap.sequential.contains(c) else {
                throw fail(
                    "--colormap must be \(choiceList(Colormap.sequential.map(\.rawValue))) (got '\(shortened(value))')")
            }
            colormap = c
        case "--out": out = value
        case "--size":
            let parts = value.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
                let w = Int(parts[0]), let h = Int(parts[1]), (16...8192).contains(w), (16...8192).contains(h)
            else {
                throw fail("--size must look like 1280x720, each side 16 to 8192 (got '\(shortened(value))')")
            }
            size = (w, h)
        case "--time":
            guard let t = DecimalNumber.parse(value), t.isFinite, t >= 0, t <= 3600 else {
                throw fail("--time must be seconds from 0 to 3600 (got '\(shortened(value))')")
            }
            time = t
        case "--bench-frames": benchFrames = try int(1...1_000_000)
        case "--bench-fuzz":
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let seed = UInt64(value) else {
                throw fail("--bench-fuzz needs a seed, a whole number (got '\(shortened(value))')")
            }
            benchFuzz = seed
        case "--bench-typing": benchTyping = try int(1...10_000)
        case "--model": modelPath = value
        case "--layer": layer = try int(1...1000)
        case "--head": head = try int(1...1000)
        case "--pair-filter":
            guard let filter = PairFilter(flagName: value.lowercased()) else {
                throw fail(
                    "--pair-filter must be \(choiceList(PairFilter.allCases.map(\.flagName))) (got '\(shortened(value))')"
                )
            }
            pairFilter = filter
        default: throw fail("unknown flag '\(shortened(flag))'")
        }
    }
}
