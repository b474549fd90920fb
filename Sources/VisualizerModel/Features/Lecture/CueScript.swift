import AttentionCore

/// A lecture: cues in order, from a plain-text file a person writes by hand.
///
///     # comments start with '#', anywhere on a line
///     [cue] One head
///     input: the cat sat on the mat
///     heads: 1
///     view: explain
///     caption: A query meets every key
///
///     [cue] Type the rest
///     type: because it was tired
///     speed: 12
///
/// Each `[cue] Title` starts a cue; `key: value` lines set what it changes; everything else is
/// left as the previous cue (or the command line) had it.
public struct CueScript: Equatable, Sendable {
    public var cues: [Cue]
    public var name: String

    public static let keys: [String] = [
        "input", "type", "speed", "mode", "d_model", "heads", "seed", "mask", "temperature",
        "scaling", "positional", "aggregation", "view", "theme", "colormap", "color_scale",
        "arc_layout", "font_scale", "zoom", "query", "key", "head", "model", "layer", "hide_special",
        "caption", "compare", "transition", "hold",
    ]

    /// Why a `model:` folder cannot be used.
    public struct ModelUnavailable: Error, Equatable, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    /// A mistake in a cue file: where and what.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Parses and checks the whole file: every key known, every value in range, every cue's
    /// settings (as they accumulate from `base`) accepted by the engine. Nothing is applied here.
    /// `loadModel` opens a `model:` folder for the caller (this module does no I/O) and says its
    /// shape, or why it cannot.
    public static func parse(
        _ text: String, name: String, base: AttentionSettings, trainedModel: (layers: Int, heads: Int)? = nil,
        loadModel: (String) -> Result<(layers: Int, heads: Int), ModelUnavailable> = { _ in
            .failure(ModelUnavailable(reason: "trained models are not available here"))
        }
    )
        -> Result<CueScript, Problem>
    {
        var current = trainedModel
        var cues: [Cue] = []
        var settings = base
        func problem(_ line: Int, _ message: String) -> Problem { Problem(file: name, line: line, message: message) }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = String(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingSpaces
            if line.isEmpty { continue }
            if line.hasPrefix("[cue]") {
                let title = String(line.dropFirst(5)).trimmingSpaces
                cues.append(Cue(title: title.isEmpty ? "cue \(cues.count + 1)" : title, line: number))
                continue
            }
            if line.hasPrefix("[") {
                return .failure(
                    problem(number, "unknown section '\(shortened(line, limit: 40))' (cues start with [cue])"))
            }
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(
                    problem(number, "expected 'key: value' or '[cue] Title', got '\(shortened(line, limit: 40))'"))
            }
            guard !cues.isEmpty else { return .failure(problem(number, "a setting before the first [cue] line")) }
            let key = line[..<colon].trimmingSpaces.lowercased().replacingHyphens
            let value = String(line[line.index(after: colon)...]).trimmingSpaces
            var cue = cues[cues.count - 1]
            if key == "model" {
                if value == "none" {
                    current = nil
                } else {
                    switch loadModel(value) {
                    case .success(let shape): current = shape
                    case .failure(let why):
                        return .failure(problem(number, "model '\(shortened(value, limit: 60))': \(why.reason)"))
                    }
                }
                cue.model = value
                cues[cues.count - 1] = cue
                continue
            }
            if let message = set(&cue, key: key, value: value, trainedModel: current) {
                return .failure(problem(number, message))
            }
            cues[cues.count - 1] = cue
        }
        guard !cues.isEmpty else { return .failure(problem(1, "no cues: start one with a line '[cue] Title'")) }
        // Settings accumulate from cue to cue: each cue's must be valid where it is (the seeded
        // engine's; a trained model fixes its own).
        do {
            for cue in cues where cue.dModel != nil || cue.heads != nil || cue.mask != nil || cue.temperature != nil {
                if let v = cue.dModel { settings.dModel = v }
                if let v = cue.heads { settings.heads = v }
                if let v = cue.mask { settings.mask = v }
                if let v = cue.temperature { settings.temperature = v }
                if let error = settings.validate(tokenCount: 1) {
                    return .failure(problem(cue.line, "cue '\(shortened(cue.title, limit: 40))': \(error.description)"))
                }
            }
        }
        return .success(CueScript(cues: cues, name: name))
    }

    /// Sets one key; a message when the key or value is wrong.
    static func set(_ cue: inout Cue, key: String, value: String, trainedModel: (layers: Int, heads: Int)?) -> String? {
        func int(_ range: ClosedRange<Int>) -> Int? {
            guard value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(value), range.contains(v) else {
                return nil
            }
            return v
        }
        func number(_ range: ClosedRange<Double>) -> Double? {
            guard let v = DecimalNumber.parse(value), v.isFinite, range.contains(v) else { return nil }
            return v
        }
        func flag() -> Bool? {
            switch value.lowercased() {
            case "on", "yes", "true": return true
            case "off", "no", "false": return false
            default: return nil
            }
        }
        let toyOnly: Set<String> = [
            "mode", "d_model", "heads", "seed", "mask", "temperature", "scaling", "positional", "aggregation",
        ]
        if trainedModel != nil && toyOnly.contains(key) {
            return "'\(key)' belongs to the seeded engine; a trained model fixes it"
        }
        switch key {
        case "input": cue.input = value
        case "type":
            guard !value.isEmpty else { return "type needs text to type" }
            cue.type = value
        case "speed":
            guard let v = number(1...200) else {
                return "speed must be 1 to 200 characters a second (got '\(shortened(value, limit: 20))')"
            }
            cue.typingSpeed = v
        case "mode":
            guard let m = TokenMode(rawValue: value) else {
                return "mode must be auto, words or numbers (got '\(shortened(value, limit: 20))')"
            }
            cue.mode = m
        case "d_model":
            guard let v = int(1...AttentionLimits.maxDModel) else {
                return "d_model must be 1 to \(AttentionLimits.maxDModel) (got '\(shortened(value, limit: 20))')"
            }
            cue.dModel = v
        case "heads":
            guard let v = int(1...AttentionLimits.maxDModel) else {
                return "heads must be a whole number from 1 (got '\(shortened(value, limit: 20))')"
            }
            cue.heads = v
        case "seed":
            guard value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = UInt64(value) else {
                return "seed must be a whole number (got '\(shortened(value, limit: 20))')"
            }
            cue.seed = v
        case "mask":
            guard let m = MaskSpec.parse(value) else {
                return
                    "mask must be none, causal, padding:P, window:W or joined with + (got '\(shortened(value, limit: 30))')"
            }
            cue.mask = m
        case "temperature":
            guard let v = number(0.1...10) else {
                return "temperature must be 0.1 to 10 (got '\(shortened(value, limit: 20))')"
            }
            cue.temperature = Float(v)
        case "scaling":
            guard let v = flag() else { return "scaling must be on or off" }
            cue.scaled = v
        case "positional":
            guard let v = flag() else { return "positional must be on or off" }
            cue.positional = v
        case "aggregation":
            guard let a = HeadAggregation(rawValue: value) else { return "aggregation must be mean or max" }
            cue.aggregation = a
        case "view":
            guard let v = ViewKind(rawValue: value) else {
                return "view must be heatmaps, arcs, inspector, explain or model (got '\(shortened(value, limit: 20))')"
            }
            if v == .model && trainedModel == nil { return "view model needs a trained model (--model DIR)" }
            cue.view = v
        case "theme":
            guard let t = Theme.named(value) else { return "theme must be dark, light or projector" }
            cue.theme = t
        case "colormap":
            guard let c = Colormap(rawValue: value), Colormap.sequential.contains(c) else {
                return "colormap must be viridis, magma, cividis or gray"
            }
            cue.colormap = c
        case "color_scale":
            guard let c = ColorScale(rawValue: value) else { return "color_scale must be auto or fixed" }
            cue.colorScale = c
        case "arc_layout":
            guard let l = ArcLayout(rawValue: value) else { return "arc_layout must be line or columns" }
            cue.arcLayout = l
        case "font_scale":
            guard let v = number(0.8...2.5) else { return "font_scale must be 0.8 to 2.5" }
            cue.fontScale = Float(v)
        case "zoom":
            guard let v = number(1...Double(ZoomWindow.maxZoom)) else {
                return "zoom must be 1 to \(Int(ZoomWindow.maxZoom))"
            }
            cue.zoom = Float(v)
        case "query", "key":
            guard let v = int(1...100_000) else { return "\(key) must be a token number from 1" }
            if key == "query" { cue.query = v } else { cue.key = v }
        case "head":
            guard let v = int(1...AttentionLimits.maxDModel) else { return "head must be a number from 1" }
            if let m = trainedModel, v > m.heads { return "head \(v): the model has \(m.heads) heads" }
            cue.head = v
        case "layer":
            guard let m = trainedModel else { return "layer needs a trained model (--model DIR)" }
            guard let v = int(1...m.layers) else {
                return "layer must be 1 to \(m.layers) (got '\(shortened(value, limit: 20))')"
            }
            cue.layer = v
        case "hide_special":
            guard trainedModel != nil else { return "hide_special needs a trained model (--model DIR)" }
            guard let v = flag() else { return "hide_special must be on or off" }
            cue.hideSpecial = v
        case "caption": cue.caption = value
        case "compare":
            switch value.lowercased() {
            case "freeze", "on": cue.compare = true
            case "off": cue.compare = false
            default: return "compare must be freeze or off"
            }
        case "transition":
            guard let v = number(0...10) else { return "transition must be 0 to 10 seconds" }
            cue.transition = v
        case "hold":
            guard let v = number(0...600) else { return "hold must be 0 to 600 seconds" }
            cue.hold = v
        default:
            return "unknown key '\(shortened(key, limit: 30))' (keys: \(keys.joined(separator: ", ")))"
        }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }

    var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
