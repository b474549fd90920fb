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
        "arc_layout", "font_scale", "zoom", "query", "queries", "key", "head", "model", "layer", "hide_special",
        "caption", "compare", "transition", "hold", "generate", "sample_temperature", "ablate",
        "look", "ablate_mode", "sort_heads",
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

    /// A trained model's shape as the cues need it; `writes`: a decoder (generate, the lens).
    public typealias ModelShape = (layers: Int, heads: Int, writes: Bool)

    /// Parses and checks the whole file: every key known, every value in range, every cue's
    /// settings (as they accumulate from `base`) accepted by the engine. Nothing is applied here.
    /// `loadModel` opens a `model:` folder for the caller (this module does no I/O) and says its
    /// shape, or why it cannot.
    public static func parse(
        _ text: String, name: String, base: AttentionSettings, trainedModel: ModelShape? = nil,
        loadModel: (String) -> Result<ModelShape, ModelUnavailable> = { _ in
            .failure(ModelUnavailable(reason: "trained models are not available here"))
        },
        opening: Opening = Opening(),
        modelTokens: @escaping ModelTokens = { _, _ in .success(nil) }
    )
        -> Result<CueScript, Problem>
    {
        var current = trainedModel
        var cues: [Cue] = []
        func problem(_ line: Int, _ message: String) -> Problem { Problem(file: name, line: line, message: message) }
        for (index, raw) in lines(of: text).enumerated() {
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
            if let first = cue.keyLines[key] {
                return .failure(problem(number, "'\(key)' is set twice in this cue (first on line \(first))"))
            }
            cue.keyLines[key] = number
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
        var input = InputTracker(
            text: opening.text, mode: opening.mode, modelKey: nil, onModel: trainedModel != nil,
            modelTokens: modelTokens)
        if let failure = checkAccumulated(cues, base: base, input: &input, problem) {
            return .failure(failure)
        }
        return .success(CueScript(cues: cues, name: name))
    }

    /// The file's lines: a UTF-8 byte order mark at the start is skipped, and a line ends at
    /// LF, CRLF or CR (what editors on every system write).
    static func lines(of text: String) -> [Substring] {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        return body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// Settings accumulate from cue to cue: each cue's must be valid where it is (the seeded
    /// engine's; a trained model fixes its own), a toy head must exist, and the input must be
    /// within the limits the flags enforce (`InputTracker`). An error names the line of the key
    /// that made it.
    static func checkAccumulated(
        _ cues: [Cue], base: AttentionSettings, input: inout InputTracker,
        _ problem: (Int, String) -> Problem
    ) -> Problem? {
        var settings = base
        for cue in cues {
            // A trained model fixes its heads (checked against it while parsing); only the seeded
            // engine's head count accumulates here.
            let onTrainedModel = cue.model.map { $0 != "none" } ?? input.onModel
            if let v = cue.dModel { settings.dModel = v }
            if let v = cue.heads { settings.heads = v }
            if let v = cue.mask { settings.mask = v }
            if let v = cue.temperature { settings.temperature = v }
            let settingKeys = ["d_model", "heads", "mask", "temperature"]
            if settingKeys.contains(where: { cue.keyLines[$0] != nil }),
                let error = settings.validate(tokenCount: 1)
            {
                let line = settingKeys.compactMap { cue.keyLines[$0] }.max() ?? cue.line
                return problem(line, "cue '\(shortened(cue.title, limit: 40))': \(error.description)")
            }
            if !onTrainedModel, let head = cue.head, head > settings.heads {
                return problem(
                    cue.keyLines["head"] ?? cue.line,
                    "head \(head): the seeded engine has \(settings.heads) heads at this cue")
            }
            if let (line, message) = input.check(cue, settings: settings) { return problem(line, message) }
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
