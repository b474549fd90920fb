import CSDL2

/// Drops the text SDL sends after a key chord with Ctrl or (left) Alt: Ctrl+= must zoom the text,
/// never type "=" into the sequence.
///
/// SDL queues a SDL_TEXTINPUT right after the SDL_KEYDOWN that produced it, so the decision is
/// made in event order, from the key-down's own modifiers, not from the modifier state at the
/// time the queue is drained (by then a fast chord may be released). Right Alt is left alone:
/// it is AltGr, which types "@", "€" or "{" on many keyboard layouts.
public struct ChordTextFilter {
    private var suppressing = false

    public init() {}

    /// Whether `event` should reach the model.
    public mutating func admit(_ event: SDL_Event) -> Bool {
        switch SDL_EventType(event.type) {
        case SDL_KEYDOWN:
            let m = UInt32(event.key.keysym.mod)
            let chord = m & UInt32(KMOD_CTRL.rawValue) != 0 || m & UInt32(KMOD_LALT.rawValue) != 0
            // Modifier keys themselves do not end a chord (Ctrl down, then =).
            if !EventMapper.isModifier(event.key.keysym.sym) { suppressing = chord }
            return true
        case SDL_TEXTINPUT:
            return !suppressing
        default:
            return true
        }
    }
}
