import Decoders

extension AppState {
    /// Whether the looked-at view reads a click as a decoder does: token i was written from
    /// the attention row of token i − 1, and a slot past the last token stands for the next one.
    var looksAhead: Bool { isDecoder }

    /// A click on token `i` of the looked-at view: the row that answers "what did it look at?".
    mutating func look(at i: Int) {
        let n = trace?.tokenCount ?? 0
        guard n > 0 else { return }
        if looksAhead && i == 0 {
            flash("the first token came before anything the model read: click a later one", error: false)
            return
        }
        selection.query = max(0, min(looksAhead ? i - 1 : i, n - 1))
        selection.queries = []
        // Clicked on the last token, the selection follows the text as the model writes.
        selection.picked = false
    }

    /// How the token at shown position `i` was drawn, if the model wrote it. Each answer forgets
    /// the draws of tokens no longer where they were written (`apply(_ result:)`).
    public func draw(at i: Int) -> Draw? {
        guard let output = model?.output, i >= 0, i < output.kept.count else { return nil }
        return generation.drawn[output.kept[i]]
    }

    /// The looked-at view's keys: the explanation's Right / Left step the token, Ctrl+H and
    /// Ctrl+Shift+H the head (with the average among them); nil for the rest.
    mutating func lookStep(_ command: SelectionCommand) -> [Effect]? {
        switch command {
        case .nextKey: stepQuery(+1)
        case .previousKey: stepQuery(-1)
        case .nextHead: stepLookHead(+1)
        case .previousHead: stepLookHead(-1)
        default: return nil
        }
        return []
    }

    /// The head the looked-at view's bars show, or nil for the average.
    var lookHead: Int? { looks.average ? nil : selection.head }

    /// Up / Down in the looked-at view: the average of heads, then each head.
    mutating func stepLookHead(_ delta: Int) {
        let heads = max(1, trace?.heads.count ?? settings.heads)
        // The average is slot 0, head h is slot h + 1.
        let slot = (lookHead.map { $0 + 1 } ?? 0) + delta
        let wrapped = ((slot % (heads + 1)) + heads + 1) % (heads + 1)
        looks.average = wrapped == 0
        if wrapped > 0 { selection.head = wrapped - 1 }
        flash(
            lookHead.map { "bars: head \($0 + 1) of \(heads)" } ?? "bars: the average of \(heads) heads", error: false)
    }

    /// Why `--look 1` and `look: 1` are refused with a decoder.
    public static let firstTokenLook = "a decoder wrote no token from nothing; look at token 2 or later"

    /// `--look N` and the cue `look: N`: the looked-at view about token N (1-based), with the
    /// selected head's bars when `head` was given too, else the average.
    public mutating func selectLook(token n: Int, head: Bool) {
        selection.query = max(0, looksAhead ? n - 2 : n - 1)
        selection.queries = []
        selection.picked = true
        looks.average = !head
    }
}
