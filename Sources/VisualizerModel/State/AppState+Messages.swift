extension AppState {
    /// Shows a line of feedback at the bottom of the window for `Durations.message` seconds.
    mutating func flash(_ text: String, error: Bool) {
        message = Message(text: text, isError: error, until: time + Durations.message)
    }

    /// A confirmation is about the last action; typing or changing view makes it stale (errors stay).
    mutating func retireMessage() {
        if let m = message, !m.isError { message = nil }
    }
}
