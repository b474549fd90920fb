import AttentionCore

extension CueScript {
    /// The input a lecture opens on (the command line's), from which cues change it.
    public struct Opening: Sendable {
        public var text: String
        public var mode: TokenMode
        public init(text: String = "", mode: TokenMode = .auto) {
            self.text = text
            self.mode = mode
        }
    }

    /// How many tokens a trained model makes of a text (nil: unknown here), or why it refuses it
    /// (over its positions or the memory budget). `model` is a `model:` key, nil for the command
    /// line's model.
    public typealias ModelTokens = (_ model: String?, _ text: String) -> Result<Int?, ModelUnavailable>

    /// The input as it accumulates from cue to cue, checked against the limits the flags enforce:
    /// the token limit and the memory budget of whichever engine shows it, and a `query:`/`key:`
    /// that exists when the cue applies (the window would clamp it silently).
    struct InputTracker {
        var text: String
        var mode: TokenMode
        /// The `model:` key in use; nil with `onModel` is the command line's model.
        var modelKey: String?
        var onModel: Bool
        let modelTokens: ModelTokens
        /// Tokens earlier cues had the model write since the last `input:` (at most: writing
        /// may end sooner), which a `look:` or `query:` may point at.
        var written = 0

        /// Why this cue's input cannot be shown, with the line of the key to blame; nil if it can.
        mutating func check(_ cue: Cue, settings: AttentionSettings) -> (line: Int, message: String)? {
            if let key = cue.model {
                onModel = key != "none"
                modelKey = onModel ? key : nil
            }
            if let v = cue.input {
                text = v
                written = 0
            }
            if let v = cue.mode { mode = v }
            let atStart = text
            defer { written += cue.generate ?? 0 }
            if let typed = cue.type { text += Cue.typing(typed, after: text) }
            // Counted once each: a trained model's count is a whole tokenization.
            let atEnd = count(text)
            let startCount = cue.type == nil ? atEnd : count(atStart)
            let blame = ["type", "input", "mode", "model", "d_model", "heads"].compactMap { cue.keyLines[$0] }.first
            if let line = blame, let message = problem(atEnd, settings: settings) {
                return (line, "cue '\(shortened(cue.title, limit: 40))': \(message)")
            }
            for (key, value) in [
                ("query", cue.query), ("key", cue.key), ("queries", cue.queries?.max()), ("look", cue.look),
            ] {
                guard let v = value, let line = cue.keyLines[key], case .success(let n?) = startCount
                else { continue }
                // A cue's own writing counts too: its look: may point at the token it writes.
                let writes = written + (cue.generate ?? 0)
                if v > n + writes {
                    let more = writes > 0 ? " (and at most \(writes) the model writes)" : ""
                    return (
                        line, "\(key) \(v): the input has \(n) token\(n == 1 ? "" : "s")\(more) when this cue starts"
                    )
                }
            }
            return nil
        }

        /// The tokens of `text` on the current engine, or why it refuses them.
        func count(_ text: String) -> Result<Int?, ModelUnavailable> {
            if text.allSatisfy(\.isWhitespace) { return .success(0) }
            if onModel { return modelTokens(modelKey, text) }
            switch Tokenizer.tokenize(text, mode: mode) {
            case .success(let t): return .success(t.tokens.count)
            case .failure(let e): return .failure(ModelUnavailable(reason: e.description))
            }
        }

        /// Over a limit: the seeded engine's settings for this many tokens, or the model's refusal.
        /// An input the window shows as a message (an empty one, a word in numbers mode) passes.
        func problem(_ counted: Result<Int?, ModelUnavailable>, settings: AttentionSettings) -> String? {
            switch counted {
            case .failure(let why): return onModel ? why.reason : nil
            case .success(let n):
                guard let n, !onModel, n > 0 else { return nil }
                return settings.validate(tokenCount: n)?.description
            }
        }
    }
}
