import CSDL2
import VisualizerModel

/// Renders display lists into memory with SDL's software renderer: no video driver, no display.
public final class HeadlessRenderer {
    public let width: Int
    public let height: Int
    let surface: UnsafeMutablePointer<SDL_Surface>
    let renderer: OpaquePointer
    let scene: SceneRenderer

    public init(width: Int, height: Int, fontPath: String) throws(SDLError) {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw SDLError("frame size \(width)x\(height) is out of range", detail: "")
        }
        try SDLRuntime.initTTF()
        guard let s = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, attnviz_PIXELFORMAT_ARGB8888())
        else {
            throw SDLError("cannot allocate a \(width)x\(height) frame")
        }
        guard let r = SDL_CreateSoftwareRenderer(s) else {
            SDL_FreeSurface(s)
            throw SDLError("cannot create the software renderer")
        }
        self.width = width
        self.height = height
        surface = s
        renderer = r
        do {
            scene = try SceneRenderer(renderer: r, fontPath: fontPath)
        } catch {
            SDL_DestroyRenderer(r)
            SDL_FreeSurface(s)
            throw error
        }
    }

    /// How wide text is in this renderer's font (give it to the state before building scenes).
    public var textWidths: TextWidths { scene.textWidths }

    deinit {
        SDL_DestroyRenderer(renderer)
        SDL_FreeSurface(surface)
    }

    /// Draws the scene of `state` laid out with this renderer's text widths.
    public func render(_ state: AppState) -> [UInt32] {
        var s = state
        s.textWidths = textWidths
        return render(VisualizerModel.scene(s))
    }

    /// Draws `commands` and returns the frame as 0xAARRGGBB rows, top row first.
    public func render(_ commands: [DrawCommand]) -> [UInt32] {
        SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255)
        SDL_RenderClear(renderer)
        scene.replay(commands)
        SDL_RenderFlush(renderer)
        return pixels()
    }

    func pixels() -> [UInt32] {
        var out = [UInt32](repeating: 0, count: width * height)
        let locked = attnviz_SDL_MUSTLOCK(surface) != 0
        if locked { SDL_LockSurface(surface) }
        defer { if locked { SDL_UnlockSurface(surface) } }
        guard let base = surface.pointee.pixels else { return out }
        let pitch = Int(surface.pointee.pitch)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                let row = (base + y * pitch).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width { dst[y * width + x] = row[x] | 0xff00_0000 }
            }
        }
        return out
    }
}

/// Process-wide SDL set-up that every path needs.
public enum SDLRuntime {
    public static func initTTF() throws(SDLError) {
        if TTF_WasInit() == 0 && TTF_Init() != 0 { throw SDLError("cannot start SDL_ttf") }
    }
}
