import CSDL2

#if canImport(Glibc)
    import Glibc
#endif

/// Which SDL renderer draws the window: accelerated with vsync first, SDL's software renderer
/// where "accelerated" means a CPU rasterizer or nothing.
struct RendererChoice {
    let renderer: OpaquePointer
    /// The software OpenGL that was passed over for SDL's software renderer, if one was.
    let softwareBecause: String?

    /// - Parameters:
    ///   - window: the SDL window to draw into.
    ///   - vsync: present in step with the display (off for the bench runs, which time frames).
    static func make(for window: OpaquePointer, vsync: Bool) -> RendererChoice? {
        let vsyncFlag = vsync ? SDL_RENDERER_PRESENTVSYNC.rawValue : 0
        // SDL_RENDER_DRIVER, when set, is the user's choice.
        let userChose = getenv("SDL_RENDER_DRIVER") != nil
        if !userChose, !gpuDevicePresent(), let software = softwareRenderer(window) {
            // No GPU this process could reach: "accelerated" could only be Mesa's CPU
            // rasterizer, and asking for it maps Mesa's LLVM (43 MB resident) for nothing.
            return RendererChoice(renderer: software, softwareBecause: "no-gpu (no /dev/dri, no /dev/nvidiactl)")
        }
        var renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | vsyncFlag)
        var passedOver: String?
        if let accelerated = renderer, !userChose,
            let gl = attnviz_gl_renderer().map({ String(cString: $0) }), isSoftwareGL(gl)
        {
            // "Accelerated" by a CPU rasterizer: SDL's own software renderer, writing into the X
            // server's shared memory, draws the same frame in about half the time and leaves the
            // second core to the worker (bench/README.md has the measurement).
            SDL_DestroyRenderer(accelerated)
            renderer = softwareRenderer(window)
            if renderer == nil {
                // Keep a window that works: back to the rasterizer SDL offered first.
                renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | vsyncFlag)
            } else {
                passedOver = gl
            }
        }
        if renderer == nil { renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) }
        return renderer.map { RendererChoice(renderer: $0, softwareBecause: passedOver) }
    }

    /// SDL's software renderer drawing into the X server's shared memory (no framebuffer
    /// acceleration), or nil with the hint put back as it was.
    static func softwareRenderer(_ window: OpaquePointer) -> OpaquePointer? {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
        let renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        if renderer == nil { SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, nil) }
        return renderer
    }

    /// Whether a GPU is there to be asked: Linux shows one as /dev/dri (Mesa's and most
    /// vendors' drivers, virtual GPUs included) or /dev/nvidiactl (NVIDIA's own driver).
    static func gpuDevicePresent(root: String = "/dev") -> Bool {
        #if os(Linux)
            return access(root + "/dri", F_OK) == 0 || access(root + "/nvidiactl", F_OK) == 0
        #else
            return true
        #endif
    }

    /// Mesa's CPU rasterizers, by the names their GL_RENDERER strings start with.
    static func isSoftwareGL(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["llvmpipe", "softpipe", "swrast", "software rasterizer", "mesa offscreen"].contains { n.hasPrefix($0) }
    }
}
