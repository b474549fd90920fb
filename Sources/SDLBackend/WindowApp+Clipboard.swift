import CSDL2
import VisualizerModel

extension WindowApp {
    /// Pastes the clipboard; an empty or unreadable one is said on the message line, never silent.
    func paste() {
        guard SDL_HasClipboardText() == SDL_TRUE, let p = SDL_GetClipboardText() else {
            perform(
                reduce(
                    &state,
                    .showMessage("nothing to paste: the clipboard has no text (or it could not be read)", isError: true)
                ))
            return
        }
        let text = String(cString: p)
        SDL_free(p)
        guard !text.isEmpty else {
            perform(
                reduce(
                    &state,
                    .showMessage(
                        "paste failed: the clipboard's text could not be read (too large a transfer?)", isError: true)))
            return
        }
        let before = state.input.text
        perform(reduce(&state, .textTyped(text)))
        if state.input.text != before, state.message == nil || state.message?.isError == false {
            perform(reduce(&state, .showMessage("pasted \(text.count) characters", isError: false)))
        }
    }
}
