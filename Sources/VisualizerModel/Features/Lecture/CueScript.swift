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
