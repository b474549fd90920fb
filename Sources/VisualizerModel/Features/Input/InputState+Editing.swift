import AttentionCore

extension InputState {
    /// Typed or pasted text as the input line keeps it: newlines and tabs become spaces, other
    /// control characters are dropped.
    static func printable(_ text: String) -> String {
        var clean = ""
        for ch in text {
            if ch.isNewline || ch == "\t" {
                clean.append(" ")
            } else if ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                clean.append(ch)
            }
        }
        return clean
    }

    /// Applies an edit; false when there was nothing to change. Paste is the shell's (an effect).
    mutating func edit(_ command: EditCommand) -> Bool {
        switch command {
        case .backspace:
            guard !text.isEmpty else { return false }
            text.removeLast()
        case .deleteWord:
            guard !text.isEmpty else { return false }
            var rest = text
            while let c = rest.last, c.isWhitespace { rest.removeLast() }
            while let c = rest.last, !c.isWhitespace { rest.removeLast() }
            undoText = text
            text = rest
        case .clearInput:
            guard !text.isEmpty else { return false }
            undoText = text
            text = ""
        case .undo:
            guard let restored = undoText else { return false }
            undoText = text
            text = restored
        case .paste:
            return false
        case .repeatPreset:
            undoText = text
            text = RepeatPreset.text(count: 20)
        }
        return true
    }
}
