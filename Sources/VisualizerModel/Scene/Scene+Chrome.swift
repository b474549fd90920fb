import AttentionCore

/// The sequence being typed, with a caret, and what the tokenizer made of it.
func drawInputLine(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    let box = r.inset(m.pad * 0.6)
    out.append(.fillRect(box, theme.panel))
    out.append(.strokeRect(box, theme.grid, width: 1))
    let (n, mode) = state.shownTokens
    var info: String
    // Room for the info as measured, "computing… " included whether or not it shows, so the
    // typed text does not jump when it comes and goes.
    var infoWidth: Float
    if state.input.text.isEmpty {
        info = "type a sentence or numbers"
        infoWidth = m.width(info, m.small)
    } else {
        info =
            state.isDecoder
            ? "\(n) token\(n == 1 ? "" : "s")"
            : state.model != nil
                ? "\(n) word piece\(n == 1 ? "" : "s")" : "\(mode.rawValue) · \(n) token\(n == 1 ? "" : "s")"
        infoWidth = m.width("computing… " + info, m.small)
        // Before the first answer the count is not known: "computing…" alone, not "0 tokens".
        if state.waitingHint != nil {
            info = "computing…"
        } else if state.engine.computing || state.model?.computing == true {
            info = "computing… " + info
        }
    }
    infoWidth = min(box.width * 0.45, infoWidth + m.pad)
    out.append(
        .text(
            TextItem(
                info, at: Point(box.maxX - m.pad, box.center.y), size: m.small, color: theme.dimText,
                anchor: .centerRight, maxWidth: infoWidth)))
    // Show the end of long inputs: that is where typing happens.
    let caretOn = state.input.showsCaret && Int(state.time * 2) % 2 == 0
    // A line break the model wrote is shown as the token row shows it, not as a blank.
    let visible = String(state.input.text.map { $0.isNewline ? "↵" : $0 })
    let shown = tail(visible, maxCharacters: max(8, Int((box.width - infoWidth - 4 * m.pad) / (m.base * 0.66))))
    let text = shown.isEmpty ? (caretOn ? "|" : " ") : shown + (caretOn ? "|" : " ")
    out.append(
        .text(
            TextItem(
                "▸ " + text, at: Point(box.x + m.pad, box.center.y), size: m.base,
                color: state.input.text.isEmpty ? theme.dimText : theme.text, anchor: .centerLeft,
                maxWidth: box.width - infoWidth - 3 * m.pad)))
}

/// The message line (confirmations, errors) or, when quiet, the most useful keys.
func drawStatus(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    out.append(.fillRect(r, theme.panel))
    let p = Point(r.x + m.pad * 2, r.center.y)
    if let error = state.engine.error {
        out.append(
            .text(
                TextItem(
                    "⚠ " + error + (state.trace != nil ? " (showing the last valid sequence)" : ""),
                    at: p, size: m.small, color: theme.error, anchor: .centerLeft, maxWidth: r.width - 4 * m.pad)))
    } else if let msg = state.message, state.time < msg.until {
        out.append(
            .text(
                TextItem(
                    msg.text, at: p, size: m.small, color: msg.isError ? theme.error : theme.accent,
                    anchor: .centerLeft, maxWidth: r.width - 4 * m.pad)))
    } else {
        var hint =
            state.isDecoder
            ? "F1 help · Tab: take the top token · Ctrl+Enter: write 16 · Ctrl+T temperature · Alt+↑↓ layer · F2–F6 views"
            : state.model != nil
                ? "F1 help · Tab view · F6 model view · Alt+↑↓ layer · Ctrl+H head · Ctrl+D hide \(state.specialNames.pair) · ' ||| ' pairs"
                : "F1 help · Tab view · ↑↓ heads · PgUp/PgDn d_model · ←→ seed · Ctrl+M mask · F12 screenshot"
        if state.lecture.script != nil {
            hint =
                state.lecture.presenting
                ? "Space / → / PgDn next cue · ← / PgUp back · number + Enter jumps · B blanks · click the input to type"
                : "typing · Esc: keys back to the lecture · PgDn / PgUp step the cues"
            if !state.lecture.cueNumber.isEmpty { hint = "go to cue \(state.lecture.cueNumber) · Enter" }
        }
        out.append(
            .text(
                TextItem(
                    m.fitting(
                        [hint, hint.split(separator: " · ").prefix(3).joined(separator: " · ")], m.small,
                        in: r.width - 4 * m.pad),
                    at: p, size: m.small, color: theme.dimText, anchor: .centerLeft, maxWidth: r.width - 4 * m.pad)))
    }
}
