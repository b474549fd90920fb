import AppShell
import AttentionCore
import Decoders
import Encoders
import ModelFormats
import Tokenizers
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
    /// `generate`: how many tokens, how they are chosen, and whether the input is a chat question.
    var generateTokens = 32
    var sampling = Sampling()
    var sampleSeed: UInt64 = 0
    /// The window: a decoder starts writing this many tokens as it opens.
    var windowGenerate: Int?
    /// A sampling flag was given to the window or render.
    var samplingGiven = false
    var chat = false
    var json = false
    /// --ablate: heads to knock out ("5.3, 12.7"), checked against the model once it is loaded.
    var ablate: String?
    /// --ablate-mean: the knocked-out heads get their mean over the positions so far, not zero.
    var ablateMean = false
    /// --look: the token (1-based) whose looked-at bars the view or the dump shows.
    var look: Int?
    /// Every flag the user gave, to refuse toy-engine flags next to --model.
    var given: Set<String> = []

    /// Flags of the seeded engine that mean nothing to a trained model.
    static let toyOnlyFlags: Set<String> = [
        "--mode", "--d-model", "--heads", "--seed", "--mask", "--positional", "--temperature",
        "--unscaled", "--aggregation",
    ]

    /// Which flags a subcommand accepts.
    enum Group { case engine, display, render, window, record, generate, knockout, look }

    static let engineFlags: Set<String> = [
        "--input", "--input-file", "--mode", "--d-model", "--heads", "--seed", "--mask", "--positional",
        "--temperature", "--unscaled", "--aggregation", "--model", "--layer",
    ]
    static let displayFlags: Set<String> = [
        "--font", "--view", "--theme", "--colormap", "--font-scale", "--arc-threshold", "--arc-top-k", "--arc-layout",
        "--color-scale", "--head", "--hide-special", "--pair-filter", "--chat", "--top-k", "--top-p",
        "--sample-temperature", "--look",
    ]
    static let renderFlags: Set<String> = ["--out", "--size", "--time", "--cues", "--cue"]
    static let windowFlags: Set<String> = [
        "--screenshot-dir", "--bench-frames", "--bench-fuzz", "--bench-typing", "--size", "--cues", "--generate",
        "--sample-seed",
    ]
    static let recordFlags: Set<String> = ["--cues", "--out", "--fps", "--size", "--every-cue", "--video"]
    static let generateFlags: Set<String> = [
        "--input", "--input-file", "--model", "--tokens", "--temperature", "--top-k", "--top-p", "--sample-seed",
        "--chat", "--json",
    ]
    static let booleanFlags: Set<String> = [
        "--positional", "--unscaled", "--hide-special", "--every-cue", "--help", "-h", "--chat", "--json",
        "--ablate-mean",
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
        opening.chat = chat
        if samplingGiven { opening.sampling = sampling }
        opening.look = look
        opening.lookHead = given.contains("--head")
        if look != nil && !given.contains("--view") { opening.view = .tokens }
        return opening
    }

    /// The flags one group brings.
    static func flags(of g: Group) -> Set<String> {
        switch g {
        case .engine: return engineFlags
        case .display: return displayFlags
        case .render: return renderFlags
        case .window: return windowFlags
        case .record: return recordFlags
        case .generate: return generateFlags
        case .knockout: return ["--ablate", "--ablate-mean"]
        case .look: return ["--look"]
        }
    }

    static func parse(_ args: [String], command: String, groups: [Group]) throws(UsageError) -> Options {
        let allowed = groups.reduce(into: ["--help", "-h"] as Set<String>) { $0.formUnion(flags(of: $1)) }
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
                case "--chat": o.chat = true
                case "--json": o.json = true
                case "--ablate-mean": o.ablateMean = true
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
            if groups.contains(.generate) {
                try o.applyGenerateFlag(FlagValue(flag: flag, text: value, command: command))
            } else {
                try o.apply(flag, value, command: command)
            }
        }
        if o.modelPath != nil, !groups.contains(.generate),
            let clash = o.given.intersection(toyOnlyFlags).sorted().first
        {
            throw fail(
                "\(clash) applies to the seeded engine only; a trained model's sizes and weights come from its folder")
        }
        if o.given.isSuperset(of: ["--input", "--input-file"]) {
            throw fail("--input and --input-file both give the input; give one")
        }
        if groups.contains(.generate) && o.given.isDisjoint(with: ["--input", "--input-file"]) && !o.help {
            throw fail("generate needs the text to write after: --input TEXT or --input-file F")
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

    private mutating func apply(_ flag: String, _ value: String, command: String) throws(UsageError) {
        let flagValue = FlagValue(flag: flag, text: value, command: command)
        if try applyEngineFlag(flagValue) { return }
        if try applyDisplayFlag(flagValue) { return }
        if try applyOutputFlag(flagValue) { return }
        throw flagValue.fail("unknown flag '\(shortened(flag))'")
    }
}
