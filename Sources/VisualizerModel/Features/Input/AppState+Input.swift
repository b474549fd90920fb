import AttentionCore

extension AppState {
    /// Text from the keyboard or the clipboard: a lecture's keys while presenting, else the input.
    mutating func type(_ text: String) -> [Effect] {
        if lecture.presenting && lecture.script != nil { return presentText(text) }
        // A typed key stops the model writing first, then types as it would: the window sends a
        // printable key's text after its key press, which has stopped the writing already.
        stopWriting()
        let clean = InputState.printable(text)
        guard !clean.isEmpty else { return [] }
        // A cue still typing finishes first: the person's keys come after it, not in between.
        finishCueTyping()
        if input.text.count + clean.count > InputLimits.maxCharacters {
            flash("the input is limited to \(InputLimits.maxCharacters) characters; nothing was added", error: true)
            return []
        }
        input.text += clean
        defer { retireMessage() }
        return recompute()
    }

    /// Backspace, Ctrl+Backspace, Ctrl+U, Ctrl+Z and Ctrl+V.
    mutating func perform(_ command: EditCommand) -> [Effect] {
        if command == .paste { return [.pasteFromClipboard] }
        guard input.edit(command) else { return [] }
        let effects = recompute()
        switch command {
        case .backspace: retireMessage()
        case .clearInput: flash("input cleared; Ctrl+Z brings it back", error: false)
        case .undo: flash("input restored; Ctrl+Z again undoes this", error: false)
        case .repeatPreset:
            flash("20 words, then the same 20: induction heads look from each repeat to what came next", error: false)
        case .deleteWord, .paste: break
        }
        return effects
    }
}
