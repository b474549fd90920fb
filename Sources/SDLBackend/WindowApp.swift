import AppShell
import AttentionCore
import CSDL2
import CWindowSize
import Exports
import TrainedModels
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// What the window needs to start.
public struct WindowConfig: Sendable {
    public var state: AppState
    public var fontPath: String
    public var screenshotDir: String
    public var width: Int
    public var height: Int
    /// Render this many frames as fast as possible, then report fps and exit.
    public var benchFrames: Int?
    /// The trained model behind `state.model`, computed on a worker.
    public var model: BertModel?
    /// Models a lecture's cues switch to, by key.
    public var models: [String: BertModel] = [:]
    /// With `benchFrames`: push seeded random events every frame and report memory.
    public var fuzzSeed: UInt64?
    /// Type this many keystrokes (one character, then Backspace, in turn), each after the last
    /// one's result is on screen, and report keystroke-to-presented-frame latency.
    public var benchTyping: Int?

    public init(
        state: AppState, fontPath: String, screenshotDir: String, width: Int, height: Int, benchFrames: Int?,
        model: BertModel? = nil
    ) {
        self.model = model
        self.state = state
        self.fontPath = fontPath
        self.screenshotDir = screenshotDir
        self.width = width
        self.height = height
        self.benchFrames = benchFrames
    }
}

/// Why the window could not open, in one line for stderr.
public enum WindowFailure: Error, CustomStringConvertible {
    case noDisplay(String)
    case sdl(SDLError)
    /// The font opened but is not a font SDL_ttf can use (exit 1, as in `render`).
    case font(SDLError)

    /// 3 when there is no display to open a window on, 1 for everything else.
    public var exitStatus: Int32 {
        if case .noDisplay = self { return 3 }
        return 1
    }

    public var description: String {
        switch self {
        case .noDisplay(let detail):
            return
                "cannot open a window (\(detail)); no display? render a frame instead: attnviz render --out frame.bmp"
        case .sdl(let e), .font(let e): return e.description
        }
    }
}

/// Runs `body` with file descriptor 2 pointed at /dev/null, then puts it back.
func withQuietStderr<T>(_ body: () -> T) -> T {
    let saved = dup(2)
    let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
    if saved >= 0 && null >= 0 { dup2(null, 2) }
    if null >= 0 { close(null) }
    defer {
        if saved >= 0 {
            dup2(saved, 2)
            close(saved)
        }
    }
    return body()
}

/// The live window: drain events, reduce, tick, scene, replay, present.
public final class WindowApp {
    let config: WindowConfig
    var state: AppState
    let window: OpaquePointer
    let renderer: OpaquePointer
    let scene: SceneRenderer
    public private(set) var rendererName: String = ""
    /// The software OpenGL that was passed over for SDL's software renderer, if one was.
    public private(set) var softwareBecause: String?
    /// For the bench lines: "software passed_over llvmpipe", "opengl", …
    var rendererLabel: String {
        rendererName + (softwareBecause.map { " passed_over \($0.split(separator: " ").first ?? "")" } ?? "")
    }
    var fullscreen = false
    let worker: ComputeWorker
    var running = true
    var wantScreenshot = false
    var textFilter = ChordTextFilter()

    public init(_ config: WindowConfig) throws(WindowFailure) {
        self.config = config
        state = config.state
        worker = ComputeWorker(
            model: config.model, models: config.models,
            onAnswer: {
                // SDL_PushEvent is thread-safe; the event only wakes the loop.
                var e = SDL_Event()
                e.type = SDL_USEREVENT.rawValue
                _ = SDL_PushEvent(&e)
            })
        state.engine.computesInBackground = true
        let requested = getenv("SDL_VIDEODRIVER").map { String(cString: $0) }
        if requested == nil && getenv("DISPLAY") == nil && getenv("WAYLAND_DISPLAY") == nil {
            throw .noDisplay("neither DISPLAY nor WAYLAND_DISPLAY is set")
        }
        if requested == nil && getenv("WAYLAND_DISPLAY") == nil {
            // Only X11 can work here; asking for it alone keeps other drivers' probes off stderr.
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11")
        }
        // Display libraries print their own complaints (libwayland: "XDG_RUNTIME_DIR is invalid");
        // our one line says what failed, so stderr is quiet while SDL probes.
        let initialized = withQuietStderr { SDL_Init(UInt32(SDL_INIT_VIDEO)) == 0 }
        if !initialized {
            throw .noDisplay(SDLError("SDL video").description)
        }
        // SDL's invisible drivers make a window nobody sees, running until killed: refused,
        // unless asked for by name for a bounded run (--bench-frames, as the tests do).
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? ""
        if (driver == "offscreen" || driver == "dummy") && (requested != driver || config.benchFrames == nil) {
            SDL_Quit()
            throw .noDisplay(
                requested == driver
                    ? "SDL_VIDEODRIVER=\(driver) shows nothing; it is only for --bench-frames runs"
                    : "SDL found only its '\(driver)' video driver")
        }
        do { try SDLRuntime.initTTF() } catch { throw .sdl(error) }
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0")
        let flags = SDL_WINDOW_RESIZABLE.rawValue | SDL_WINDOW_ALLOW_HIGHDPI.rawValue
        guard
            let w = SDL_CreateWindow(
                "AttnViz", Int32(attnviz_SDL_WINDOWPOS_CENTERED()), Int32(attnviz_SDL_WINDOWPOS_CENTERED()),
                Int32(config.width), Int32(config.height), flags)
        else {
            let e = SDLError("cannot create the window")
            SDL_Quit()
            throw .noDisplay(e.description)
        }
        window = w
        SDL_SetWindowMinimumSize(w, 320, 200)
        // Accelerated with vsync first; software if the GPU path is missing (Xvfb, VMs).
        let vsync = config.benchFrames == nil && config.benchTyping == nil ? SDL_RENDERER_PRESENTVSYNC.rawValue : 0
        var r = SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED.rawValue | vsync)
        if let accelerated = r, getenv("SDL_RENDER_DRIVER") == nil,
            let gl = attnviz_gl_renderer().map({ String(cString: $0) }), WindowApp.isSoftwareGL(gl)
        {
            // "Accelerated" by a CPU rasterizer: SDL's own software renderer, writing into the X
            // server's shared memory, draws the same frame in about half the time and leaves the
            // second core to the worker (measured: `--bench-frames` at 2048 tokens, 192 fps against
            // 98 with llvmpipe under Xvfb). SDL_RENDER_DRIVER, when set, is the user's choice.
            SDL_DestroyRenderer(accelerated)
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
            r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE.rawValue)
            if r == nil {
                // Keep a window that works: back to the rasterizer SDL offered first.
                SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, nil)
                r = SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED.rawValue | vsync)
            } else {
                softwareBecause = gl
            }
        }
        if r == nil { r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE.rawValue) }
        guard let renderer = r else {
            let e = SDLError("cannot create a renderer")
            SDL_DestroyWindow(w)
            throw .sdl(e)
        }
        self.renderer = renderer
        var info = SDL_RendererInfo()
        if SDL_GetRendererInfo(renderer, &info) == 0, let name = info.name { rendererName = String(cString: name) }
        do {
            scene = try SceneRenderer(renderer: renderer, fontPath: config.fontPath)
        } catch {
            SDL_DestroyRenderer(renderer)
            SDL_DestroyWindow(w)
            throw .font(error)
        }
        state.textWidths = scene.textWidths
        SDL_StartTextInput()
        syncViewport()
    }

    /// Mesa's CPU rasterizers, by the names their GL_RENDERER strings start with.
    static func isSoftwareGL(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["llvmpipe", "softpipe", "swrast", "software rasterizer", "mesa offscreen"].contains { n.hasPrefix($0) }
    }

    deinit {
        SDL_StopTextInput()
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
    }

    /// Logical size from the window, pixel scale from the renderer's output (high-DPI). Where
    /// the windowing system knows better than SDL (X11: after F11 with no window manager, SDL
    /// says "desktop size" while the window kept its own), its size wins: the layout must fit
    /// the window the audience sees.
    func syncViewport() {
        var lw: Int32 = 0
        var lh: Int32 = 0
        var pw: Int32 = 0
        var ph: Int32 = 0
        SDL_GetWindowSize(window, &lw, &lh)
        SDL_GetRendererOutputSize(renderer, &pw, &ph)
        scene.scale = lw > 0 ? Float(pw) / Float(lw) : 1
        if let (nw, nh) = nativeSize(), scene.scale == 1 {
            lw = nw
            lh = nh
        }
        perform(reduce(&state, .viewportResized(width: Float(max(1, lw)), height: Float(max(1, lh)))))
    }

    /// Runs until quit; returns the process exit status.
    public func run() -> Int32 {
        running = true
        perform(state.pendingEffects())
        // A frame-rate run times the picture, not the placeholder shown while it is first computed.
        if config.benchFrames != nil { settleWorker(timeout: 30) }
        var last = SDL_GetPerformanceCounter()
        let freq = Double(SDL_GetPerformanceFrequency())
        var frames = 0
        let benchStart = last
        var event = SDL_Event()
        var fuzzer = config.fuzzSeed.map { WindowFuzzer(seed: $0) }
        var residentAtStart = 0
        var residentLast = 0
        var typing = config.benchTyping.map { TypingProbe(keystrokes: $0) }
        // Whether the picture may differ from the last one drawn: only then is a frame drawn.
        var dirty = true
        var blinkPhase = -1
        while running {
            wantScreenshot = false
            let frameStart = SDL_GetPerformanceCounter()
            // The first keystroke waits for the opening picture to settle: a cold start's first
            // frame (fonts, caches) is not what typing costs.
            if typing?.maybeType(
                now: frameStart,
                settled: (frames > 0 && !state.isAnimating && !state.engine.computing) || state.time > 10) == true
            {
                dirty = true
            }
            if fuzzer != nil {
                var w: Int32 = 0
                var h: Int32 = 0
                SDL_GetWindowSize(window, &w, &h)
                // Memory right after a clear (the frame after Ctrl+U), with freed memory returned.
                if frames % WindowFuzzer.period == 1 && frames > 1 {
                    AllocatorTuning.releaseFreedMemory()
                    residentLast = ProcessMemory.residentKiB()
                    // The third sample is after warm-up: caches (text, textures, the GPU driver) filled.
                    if frames / WindowFuzzer.period == 3 { residentAtStart = residentLast }
                }
                fuzzer?.step(window: window, width: w, height: h, frame: frames)
                dirty = true
            }
            // Finished answers first, so this frame already shows them.
            for answer in worker.collect() {
                perform(reduce(&state, answer))
                dirty = true
            }
            while SDL_PollEvent(&event) != 0 {
                var quit = false
                if event.type == SDL_USEREVENT.rawValue { continue }  // the worker's wake-up; answers were collected
                dirty = true
                if event.type == SDL_WINDOWEVENT.rawValue,
                    SDL_WindowEventID(UInt32(event.window.event)) == SDL_WINDOWEVENT_SIZE_CHANGED
                {
                    syncViewport()
                    continue
                }
                guard textFilter.admit(event), let action = EventMapper.action(for: event, quit: &quit) else {
                    if quit { running = false }
                    continue
                }
                perform(reduce(&state, action))
            }
            // A late answer may have arrived while events were handled.
            for answer in worker.collect() {
                perform(reduce(&state, answer))
                dirty = true
            }
            let now = SDL_GetPerformanceCounter()
            let dt = min(0.25, Double(now &- last) / freq)
            last = now
            perform(reduce(&state, .tick(seconds: dt)))
            let phase = Int(state.time / 0.5)
            if phase != blinkPhase {
                blinkPhase = phase
                dirty = true
            }
            if state.isAnimating || config.benchFrames != nil { dirty = true }

            if dirty {
                SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255)
                SDL_RenderClear(renderer)
                scene.replay(VisualizerModel.scene(state))
                if wantScreenshot { screenshot() }
                SDL_RenderPresent(renderer)
                frames += 1
                dirty = false
                if var probe = typing {
                    let presented = SDL_GetPerformanceCounter()
                    probe.presented(state: state, at: presented, frameStart: frameStart, freq: freq)
                    typing = probe
                    if probe.done {
                        print(probe.report(tokens: state.shownTokens.count) + " renderer \(rendererLabel)")
                        running = false
                    }
                }
            }

            if let n = config.benchFrames, frames >= n {
                // The frames' own time; then the report describes what the user would see next:
                // the worker's pending answer too.
                let seconds = Double(SDL_GetPerformanceCounter() &- benchStart) / freq
                settleWorker(timeout: 30)
                let fps = Double(frames) / max(seconds, 1e-9)
                var line =
                    "frames \(frames) seconds \(format(Float(seconds), 3)) fps \(format(Float(fps), 1)) renderer \(rendererLabel) tokens \(state.trace?.tokenCount ?? 0)"
                if fuzzer != nil { line += " rss_start_kib \(residentAtStart) rss_end_kib \(residentLast)" }
                print(line)
                running = false
            } else if config.benchFrames == nil {
                // Without vsync (software renderer, Xvfb) cap at ~120 fps instead of spinning a core;
                // at 60 while the worker computes, so an animation does not take its cores (a
                // model's cross-fade at 120 fps doubled a 400-piece keystroke's latency).
                let spent = Double(SDL_GetPerformanceCounter() &- now) / freq
                let period = state.engine.computing || state.model?.computing == true ? 1.0 / 60 : 1.0 / 120
                if state.isAnimating && spent < period { SDL_Delay(UInt32((period - spent) * 1000)) }
                if !state.isAnimating && !dirty {
                    // Nothing moves: sleep until an event arrives (the worker's answers push one)
                    // or the caret's next blink (at most 250 ms, the longest tick), instead of
                    // redrawing the same picture while a recompute needs the cores.
                    let untilBlink = 0.5 - state.time.truncatingRemainder(dividingBy: 0.5)
                    _ = SDL_WaitEventTimeout(nil, Int32(min(250, max(1, untilBlink * 1000 + 1))))
                }
            }
        }
        return 0
    }

    /// Measures keystroke → presented frame in the real loop (`--bench-typing N`).
    struct TypingProbe {
        var left: Int
        var typedAt: UInt64?
        var latencies: [Double] = []
        var frameTimes: [Double] = []
        var nextIsBackspace = false
        var done: Bool { left <= 0 && typedAt == nil }

        init(keystrokes: Int) { left = keystrokes }

        /// Pushes the next keystroke into SDL's queue when the last one is on screen.
        @discardableResult
        mutating func maybeType(now: UInt64, settled: Bool) -> Bool {
            guard typedAt == nil, left > 0, settled || !latencies.isEmpty else { return false }
            var e = SDL_Event()
            if nextIsBackspace {
                e.type = SDL_KEYDOWN.rawValue
                e.key.keysym.sym = Int32(SDLK_BACKSPACE.rawValue)
            } else {
                e.type = SDL_TEXTINPUT.rawValue
                withUnsafeMutableBytes(of: &e.text.text) { raw in
                    raw[0] = UInt8(ascii: " ")
                    raw[1] = UInt8(ascii: "x")
                    raw[2] = 0
                }
            }
            nextIsBackspace.toggle()
            _ = SDL_PushEvent(&e)
            typedAt = now
            left -= 1
            return true
        }

        /// After a present: the keystroke is done when its result is what was drawn.
        mutating func presented(state: AppState, at t: UInt64, frameStart: UInt64, freq: Double) {
            guard typedAt != nil || !latencies.isEmpty else { return }  // before the first keystroke
            frameTimes.append(Double(t &- frameStart) / freq)
            guard let typed = typedAt, !state.engine.computing, state.model?.computing != true else { return }
            latencies.append(Double(t &- typed) / freq)
            typedAt = nil
        }

        func report(tokens: Int) -> String {
            let sorted = latencies.sorted()
            let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            let frames = frameTimes.sorted()
            let p50 = frames.isEmpty ? 0 : frames[frames.count / 2]
            let p95 = frames.isEmpty ? 0 : frames[frames.count * 95 / 100]
            return "typing keystrokes \(latencies.count) tokens \(tokens) median_ms \(format(Float(median * 1000), 2)) "
                + "max_ms \(format(Float((sorted.last ?? 0) * 1000), 2)) frames \(frames.count) frame_p50_ms \(format(Float(p50 * 1000), 2)) "
                + "frame_p95_ms \(format(Float(p95 * 1000), 2)) worst_frame_ms \(format(Float((frames.last ?? 0) * 1000), 2))"
        }
    }

    /// Waits (up to `timeout` seconds) for the worker to finish and applies its answers.
    func settleWorker(timeout: Double) {
        let start = SDL_GetTicks64()
        while worker.isBusy && Double(SDL_GetTicks64() &- start) < timeout * 1000 { SDL_Delay(1) }
        for answer in worker.collect() { perform(reduce(&state, answer)) }
    }

    /// Carries out what `reduce` asked for.
    func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit: running = false
            case .takeScreenshot: wantScreenshot = true
            case .exportSVG:
                let svg = SVGWriter.document(
                    VisualizerModel.scene(state), width: Int(state.viewport.width), height: Int(state.viewport.height),
                    text: state.textWidths)
                switch Screenshot.saveSVG(svg, dir: config.screenshotDir, now: Int(time(nil))) {
                case .success(let path): perform(reduce(&state, .showMessage("saved \(path)", isError: false)))
                case .failure(let e):
                    perform(
                        reduce(
                            &state, .showMessage("SVG not saved: \(e.description); the session goes on", isError: true))
                    )
                }
            case .toggleFullscreen: toggleFullscreen()
            case .pasteFromClipboard: paste()
            case .computeModel(let request): worker.submit(request)
            case .computeEngine(let request): worker.submit(request)
            }
        }
    }

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
