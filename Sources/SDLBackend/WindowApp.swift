import AppShell
import AttentionCore
import CSDL2
import CWindowSize
import Decoders
import Encoders
import Exports
import ModelFormats
import Tokenizers
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
    public var model: TrainedModel?
    /// Models a lecture's cues switch to, by key.
    public var models: [String: TrainedModel] = [:]
    /// With `benchFrames`: push seeded random events every frame and report memory.
    public var fuzzSeed: UInt64?
    /// Type this many keystrokes (one character, then Backspace, in turn), each after the last
    /// one's result is on screen, and report keystroke-to-presented-frame latency.
    public var benchTyping: Int?

    public init(
        state: AppState, fontPath: String, screenshotDir: String, width: Int, height: Int, benchFrames: Int?,
        model: TrainedModel? = nil
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
    var worker: ComputeWorker
    /// The model read after the window opened, until it opens on it; its read's mailbox once
    /// the read has started.
    var loadingJob: ModelLoadJob?
    var loadingMailbox: LoadingMailbox?
    /// Why the window closed before its model could show (the caller prints it).
    public internal(set) var openingError: Error?
    var running = true
    var wantScreenshot = false
    var textFilter = ChordTextFilter()

    /// SDL_PushEvent is thread-safe; the event only wakes the loop.
    static let wakeLoop: @Sendable () -> Void = {
        var e = SDL_Event()
        e.type = SDL_USEREVENT.rawValue
        _ = SDL_PushEvent(&e)
    }

    /// The window on `config.state`; with `loading`, that state is the loading screen while the
    /// model is read, then the job's own.
    public init(_ config: WindowConfig, loading: ModelLoadJob? = nil) throws(WindowFailure) {
        self.config = config
        state = config.state
        loadingJob = loading
        worker = ComputeWorker(model: config.model, models: config.models, onAnswer: Self.wakeLoop)
        state.engine.computesInBackground = true
        try WindowApp.startVideo(benchFrames: config.benchFrames)
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
        let vsync = config.benchFrames == nil && config.benchTyping == nil
        guard let choice = RendererChoice.make(for: w, vsync: vsync) else {
            let e = SDLError("cannot create a renderer")
            SDL_DestroyWindow(w)
            throw .sdl(e)
        }
        let renderer = choice.renderer
        softwareBecause = choice.softwareBecause
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

    /// Starts SDL's video on a display a person can see, or says why there is none.
    static func startVideo(benchFrames: Int?) throws(WindowFailure) {
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
        if (driver == "offscreen" || driver == "dummy") && (requested != driver || benchFrames == nil) {
            SDL_Quit()
            throw .noDisplay(
                requested == driver
                    ? "SDL_VIDEODRIVER=\(driver) shows nothing; it is only for --bench-frames runs"
                    : "SDL found only its '\(driver)' video driver")
        }
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
        if loadingJob == nil { perform(state.pendingEffects()) }
        // A frame-rate run times the picture, not the placeholder shown while it is first computed.
        if config.benchFrames != nil { settleWorker(timeout: 30) }
        var loop = FrameLoop(config: config)
        while running {
            wantScreenshot = false
            let frameStart = SDL_GetPerformanceCounter()
            driveProbes(&loop, frameStart: frameStart)
            handleEvents(&loop)
            let now = advanceClock(&loop)
            if loop.dirty { drawFrame(&loop, frameStart: frameStart) }
            if let job = loadingJob, loadingMailbox == nil, loop.frames > 0 {
                // The loading screen is up before the first byte is read.
                startLoading(job.load)
            }
            if let n = config.benchFrames, loop.frames >= n, state.loading == nil {
                reportFrames(loop)
                running = false
            } else if config.benchFrames == nil {
                pace(since: now, dirty: loop.dirty, freq: loop.freq)
            }
        }
        return 0
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

}
