import AttentionCore
import CSDL2
import VisualizerModel

/// What the window's loop carries from one frame to the next.
struct FrameLoop {
    var frames = 0
    /// `--bench-frames`: each frame's own time (tick to present), seconds.
    var frameTimes: [Double] = []
    /// The performance counter at the last tick, and its ticks per second.
    var last: UInt64
    let freq: Double
    /// When a `--bench-frames` run started counting.
    var benchStart: UInt64
    /// Whether the picture may differ from the last one drawn: only then is a frame drawn.
    var dirty = true
    var blinkPhase = -1
    var fuzzer: WindowFuzzer?
    /// Resident memory after warm-up and at the latest sample (`--bench-fuzz`).
    var residentAtStart = 0
    var residentLast = 0
    var typing: TypingProbe?
    /// Frames drawn while the model loaded (the loading screen); the count starts again after.
    var loadingFrames = 0

    init(config: WindowConfig) {
        last = SDL_GetPerformanceCounter()
        benchStart = last
        freq = Double(SDL_GetPerformanceFrequency())
        fuzzer = config.fuzzSeed.map { WindowFuzzer(seed: $0) }
        typing = config.benchTyping.map { TypingProbe(keystrokes: $0) }
    }
}

extension WindowApp {
    /// The typing probe's next keystroke and the fuzzer's next events, when they run.
    func driveProbes(_ loop: inout FrameLoop, frameStart: UInt64) {
        // The first keystroke waits for the opening picture to settle: a cold start's first
        // frame (fonts, caches) is not what typing costs.
        let settled = (loop.frames > 0 && !state.isAnimating && !state.engine.computing) || state.time > 10
        if loop.typing?.maybeType(now: frameStart, settled: settled) == true { loop.dirty = true }
        guard loop.fuzzer != nil else { return }
        var w: Int32 = 0
        var h: Int32 = 0
        SDL_GetWindowSize(window, &w, &h)
        // Memory right after a clear (the frame after Ctrl+U), with freed memory returned.
        if loop.frames % WindowFuzzer.period == 1 && loop.frames > 1 {
            AllocatorTuning.releaseFreedMemory()
            loop.residentLast = ProcessMemory.residentKiB()
            // The third sample is after warm-up: caches (text, textures, the GPU driver) filled.
            if loop.frames / WindowFuzzer.period == 3 { loop.residentAtStart = loop.residentLast }
        }
        loop.fuzzer?.step(window: window, width: w, height: h, frame: loop.frames)
        loop.dirty = true
    }

    /// The worker's answers and the whole SDL event queue, reduced in order.
    func handleEvents(_ loop: inout FrameLoop) {
        // Finished answers first, so this frame already shows them.
        let wasLoading = state.loading != nil
        let loaded = pollLoading()
        if wasLoading && state.loading == nil {
            // A frame-rate run times the model's frames, not the loading screen's.
            if config.benchFrames != nil { settleWorker(timeout: 30) }
            loop.loadingFrames = loop.frames
            (loop.frames, loop.frameTimes, loop.benchStart) = (0, [], SDL_GetPerformanceCounter())
        }
        if collectAnswers() || loaded { loop.dirty = true }
        var event = SDL_Event()
        while SDL_PollEvent(&event) != 0 {
            var quit = false
            if event.type == SDL_USEREVENT.rawValue { continue }  // the worker's wake-up; answers were collected
            loop.dirty = true
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
        if collectAnswers() { loop.dirty = true }
    }

    /// Reduces every answer the worker has finished; true when there was one.
    func collectAnswers() -> Bool {
        let answers = worker.collect()
        for answer in answers { perform(reduce(&state, answer)) }
        return !answers.isEmpty
    }

    /// Time as an action: the frame's dt, capped at 0.25 s. Returns the counter it read.
    func advanceClock(_ loop: inout FrameLoop) -> UInt64 {
        let now = SDL_GetPerformanceCounter()
        let dt = min(0.25, Double(now &- loop.last) / loop.freq)
        loop.last = now
        perform(reduce(&state, .tick(seconds: dt)))
        let phase = Int(state.time / 0.5)
        if phase != loop.blinkPhase {
            loop.blinkPhase = phase
            loop.dirty = true
        }
        if state.isAnimating || config.benchFrames != nil { loop.dirty = true }
        return now
    }

    /// Replays the scene, takes a screenshot when one was asked for, presents.
    func drawFrame(_ loop: inout FrameLoop, frameStart: UInt64) {
        SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255)
        SDL_RenderClear(renderer)
        scene.replay(VisualizerModel.scene(state))
        if wantScreenshot { screenshot() }
        SDL_RenderPresent(renderer)
        loop.frames += 1
        loop.dirty = false
        if config.benchFrames != nil {
            loop.frameTimes.append(Double(SDL_GetPerformanceCounter() &- frameStart) / loop.freq)
        }
        guard var probe = loop.typing else { return }
        probe.presented(state: state, at: SDL_GetPerformanceCounter(), frameStart: frameStart, freq: loop.freq)
        loop.typing = probe
        if probe.done {
            print(probe.report(tokens: state.shownTokens.count) + " renderer \(rendererLabel)")
            running = false
        }
    }

    /// The `--bench-frames` line: the frames' own time; then the report describes what the user
    /// would see next, the worker's pending answer too.
    func reportFrames(_ loop: FrameLoop) {
        let seconds = Double(SDL_GetPerformanceCounter() &- loop.benchStart) / loop.freq
        settleWorker(timeout: 30)
        let fps = Double(loop.frames) / max(seconds, 1e-9)
        var line =
            "frames \(loop.frames) seconds \(formatted(Float(seconds), decimals: 3)) fps \(formatted(Float(fps), decimals: 1))"
        line += " renderer \(rendererLabel) tokens \(state.trace?.tokenCount ?? 0)"
        let sorted = loop.frameTimes.sorted()
        if !sorted.isEmpty {
            let p95 = sorted[sorted.count * 95 / 100]
            line += " frame_p95_ms \(formatted(Float(p95 * 1000), decimals: 2))"
            line += " worst_frame_ms \(formatted(Float((sorted.last ?? 0) * 1000), decimals: 2))"
        }
        if loop.loadingFrames > 0 { line += " loading_frames \(loop.loadingFrames)" }
        if loop.fuzzer != nil { line += " rss_start_kib \(loop.residentAtStart) rss_end_kib \(loop.residentLast)" }
        print(line)
    }

    /// Without vsync (software renderer, Xvfb) caps at ~120 fps instead of spinning a core; at 60
    /// while the worker computes, so an animation does not take its cores. Idle, it sleeps until
    /// an event arrives or the caret's next blink.
    func pace(since now: UInt64, dirty: Bool, freq: Double) {
        let spent = Double(SDL_GetPerformanceCounter() &- now) / freq
        let period = state.engine.computing || state.model?.computing == true ? 1.0 / 60 : 1.0 / 120
        if state.isAnimating && spent < period { SDL_Delay(UInt32((period - spent) * 1000)) }
        if !state.isAnimating && !dirty {
            // Nothing moves: sleep until an event arrives (the worker's answers push one) or the
            // caret's next blink (at most 250 ms, the longest tick), instead of redrawing the same
            // picture while a recompute needs the cores.
            let untilBlink = 0.5 - state.time.truncatingRemainder(dividingBy: 0.5)
            _ = SDL_WaitEventTimeout(nil, Int32(min(250, max(1, untilBlink * 1000 + 1))))
        }
    }
}
