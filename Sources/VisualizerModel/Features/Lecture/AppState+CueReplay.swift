/// Where a jump to a cue stands: cues `next...last` are still to apply.
public struct CueReplay: Equatable, Sendable {
    public var next: Int
    public var last: Int
    /// The view on screen before the jump: the cross-fade starts from it.
    public var viewBefore: ViewKind
}

extension AppState {
    /// Applies cues `r.next...r.last` at once, as a jump does. A cue that freezes a comparison
    /// while a trained model shows waits for the model's answer to the cues before it: the
    /// jump pauses there and `resumeReplay` goes on when the answer comes.
    mutating func replayCues(_ r: CueReplay) -> [Effect] {
        guard let script = lecture.script, r.last < script.cues.count else { return [] }
        var effects: [Effect] = []
        var k = r.next
        while k <= r.last {
            // Two cues need the model's answers to the cues before them: one that freezes a
            // comparison (A is that picture), and one after a cue that writes (its text, and a
            // look: at a written token, include what was written).
            let freezes = script.cues[k].compare == true
            let afterWriting = k > 0 && script.cues[k - 1].generate != nil && generation.remaining > 0
            if k > 0, model != nil, freezes || afterWriting {
                lecture.replay = CueReplay(next: k, last: r.last, viewBefore: r.viewBefore)
                return effects + (afterWriting ? [] : recompute())
            }
            effects += apply(script.cues[k], animate: false)
            finishCueTyping()
            k += 1
        }
        let target = view
        view = r.viewBefore
        if let shown = lecture.shownText[r.last] {
            // As it was shown: what the model wrote then, not a new writing.
            input.text = shown
            generation.remaining = 0
            generation.pending = nil
        }
        effects += switchView(to: target)
        effects += recompute()
        // What the cues on the way flashed ("A frozen …") is not what this cue says.
        message = nil
        return effects
    }

    /// A waiting jump goes on once the model is idle: no forward running, no writing left.
    mutating func resumeReplayIfIdle() -> [Effect] {
        guard lecture.replay != nil, model?.computing != true, generation.remaining == 0, generation.pending == nil
        else { return [] }
        return resumeReplay()
    }

    /// The model answered while a jump waited: the waiting cue applies now that the picture (or
    /// the writing) before it is in, and the jump goes on.
    mutating func resumeReplay() -> [Effect] {
        guard var r = lecture.replay, let script = lecture.script, r.next < script.cues.count else { return [] }
        lecture.replay = nil
        let effects = apply(script.cues[r.next], animate: false)
        finishCueTyping()
        r.next += 1
        return effects + replayCues(r)
    }
}
