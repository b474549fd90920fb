import CSDL2
import Exports
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

extension WindowApp {
    /// Reads back the frame before present and saves it; the outcome becomes an on-screen message.
    func screenshot() {
        var pw: Int32 = 0
        var ph: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &pw, &ph)
        guard pw > 0, ph > 0 else { return }
        var pixels = [UInt32](repeating: 0, count: Int(pw) * Int(ph))
        let ok = pixels.withUnsafeMutableBytes { raw in
            SDL_RenderReadPixels(renderer, nil, attnviz_PIXELFORMAT_ARGB8888(), raw.baseAddress, pw * 4) == 0
        }
        guard ok else {
            perform(reduce(&state, .showMessage("screenshot failed: \(SDLError("read pixels"))", isError: true)))
            return
        }
        for i in pixels.indices { pixels[i] |= 0xff00_0000 }
        switch Screenshot.save(
            argb: pixels, width: Int(pw), height: Int(ph), dir: config.screenshotDir, now: Int(time(nil)))
        {
        case .success(let path): perform(reduce(&state, .showMessage("saved \(path)", isError: false)))
        case .failure(let e):
            perform(
                reduce(
                    &state, .showMessage("screenshot not saved: \(e.description); the session goes on", isError: true)))
        }
    }
}
