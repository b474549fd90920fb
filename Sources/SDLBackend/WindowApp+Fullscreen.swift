import CSDL2
import CWindowSize
import VisualizerModel

extension WindowApp {
    /// The window's size as the windowing system reports it (nil where only SDL knows).
    func nativeSize() -> (Int32, Int32)? {
        var w: Int32 = 0
        var h: Int32 = 0
        return attnviz_native_window_size(UnsafeMutableRawPointer(window), &w, &h) != 0 ? (w, h) : nil
    }

    /// Fullscreen on or off, laid out for the size the window really has afterwards. Going
    /// fullscreen waits briefly for the window to change size; where nothing resizes it (a bare
    /// X server has no window manager to do it) it stays windowed and says so, rather than
    /// drawing a desktop-sized frame into a window that did not grow.
    func toggleFullscreen() {
        let before = nativeSize()
        fullscreen.toggle()
        if SDL_SetWindowFullscreen(window, fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue : 0) != 0 {
            fullscreen.toggle()
            perform(reduce(&state, .showMessage("fullscreen failed: \(SDLError("").detail)", isError: true)))
            return
        }
        if fullscreen, let before {
            var grew = false
            for _ in 0..<20 {
                SDL_PumpEvents()
                if let now = nativeSize(), now != before {
                    grew = true
                    break
                }
                SDL_Delay(20)
            }
            if !grew {
                fullscreen = false
                SDL_SetWindowFullscreen(window, 0)
                // SDL still believes in the desktop size; tell it the real one (its window
                // surface follows), then lay out for it. The real one is asked for again, not
                // assumed: a resize that arrived meanwhile (leaving fullscreen can take SDL a
                // moment) must not be undone.
                let size = nativeSize() ?? before
                SDL_SetWindowSize(window, size.0, size.1)
                syncViewport()
                perform(
                    reduce(
                        &state,
                        .showMessage(
                            "fullscreen: no window manager resized the window; it stays \(Int(state.viewport.width))×\(Int(state.viewport.height))",
                            isError: true)))
                return
            }
        }
        syncViewport()
        let size = "\(Int(state.viewport.width))×\(Int(state.viewport.height))"
        perform(
            reduce(
                &state,
                .showMessage(fullscreen ? "fullscreen: \(size) (F11 leaves it)" : "windowed: \(size)", isError: false)))
    }
}
