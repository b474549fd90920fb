import AppShell
import AttentionCore
import Decoders
import Encoders
import Exports
import ModelFormats
import SDLBackend
import Tokenizers
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// `attnviz record --cues FILE --out DIR`: plays a lecture with a fixed timestep and writes
/// numbered BMP frames (or, with --every-cue, one settled frame per cue). Same arguments, same bytes.
enum RecordCommand {
    /// Seconds a cue stays on screen after its transition and typing, unless it says `hold:`.
    static let defaultHold = 2.0

    static func run(_ o: Options) throws -> Int32 {
        let out = try outputFolder(o)
        if o.out == "" { return refuseEmptyFolder() }
        guard let (state, counts, model, models) = try prepareLecture(o) else { return 1 }
        guard let font = locateFont(o) else { return 1 }
        let renderer: HeadlessRenderer
        do {
            renderer = try HeadlessRenderer(width: o.size.width, height: o.size.height, fontPath: font)
        } catch {
            printError("attnviz: \(error)")
            return 1
        }
        let folder: RecordingFolder?
        do {
            folder = out.isEmpty ? nil : try RecordingFolder(out)
        } catch {
            printError("attnviz: \(error)")
            return 1
        }
        var encoder: VideoEncoder?
        if let video = o.video {
            switch VideoEncoder.start(path: video, width: o.size.width, height: o.size.height, fps: o.fps) {
            case .success(let e): encoder = e
            case .failure(let e):
                printError("attnviz: \(e.description)")
                folder?.removeWritten()
                return 1
            }
        }
        let recording = Recording(
            options: o, renderer: renderer, folder: folder, encoder: encoder, model: model, models: models)
        do {
            let written = try recording.play(state, counts: counts)
            folder?.removeStale()
            if let e = encoder { return finishVideo(e, written: written, fps: o.fps) }
            return 0
        } catch {
            // A progress line ends first (when one was written), so the error is a line of its
            // own that starts with "attnviz:" like every other.
            if progressShown { _ = write(2, "\n", 1) }
            printError("attnviz: \(error)")
            encoder?.abandon()
            folder?.removeWritten()
            return 1
        }
    }

    /// A lecture played with a fixed timestep into frames and a video.
    struct Recording {
        let options: Options
        let renderer: HeadlessRenderer
        let folder: RecordingFolder?
        let encoder: VideoEncoder?
        let model: TrainedModel?
        let models: [String: TrainedModel]

        /// Plays every cue for its frames; the number of frames written.
        func play(_ start: AppState, counts: [Int]) throws -> Int {
            let o = options
            var state = start
            let dt = 1 / Double(o.fps)
            let total = counts.reduce(0, +)
            var written = 0
            // Names sort as the slides play: as many digits as the last number needs (at least 3 and 6).
            let cueDigits = max(3, String(counts.count).count)
            let frameDigits = max(6, String(total).count)
            let started = monotonicSeconds()
            for (index, count) in counts.enumerated() {
                step(&state, .goToCue(index), model, models)
                if o.everyCue { settle(&state, dt: dt) }
                for _ in 0..<count {
                    written += 1
                    let px = renderer.render(state)
                    try encoder?.write(px)
                    if let folder {
                        let name =
                            o.everyCue
                            ? "cue-\(pad(index + 1, cueDigits)).bmp" : "frame-\(pad(written, frameDigits)).bmp"
                        try folder.write(
                            BMPFile.encode(argb: px, width: renderer.width, height: renderer.height), name: name)
                    }
                    if !o.everyCue { step(&state, .tick(seconds: dt), model, models) }
                    progress(written, total, started: started)
                }
            }
            progress(written, total, started: started, final: true)
            return written
        }

        /// The typing finished and every animation over (at most a minute of lecture time).
        func settle(_ state: inout AppState, dt: Double) {
            ModelRunner.settleCue(&state, models: models, fallback: model, dt: dt)
            step(&state, .tick(seconds: 0.5), model, models)
        }
    }

    /// The flags a recording needs, checked together; the frames' folder ("" with only --video).
    static func outputFolder(_ o: Options) throws(UsageError) -> String {
        guard o.cuesPath != nil else { throw UsageError(message: "record needs --cues FILE", command: "record") }
        if o.video != nil && o.everyCue {
            throw UsageError(
                message: "--video and --every-cue do not go together (a video needs every frame)", command: "record")
        }
        if o.video != nil && (o.size.width % 2 != 0 || o.size.height % 2 != 0) {
            throw UsageError(
                message: "--video needs an even --size (H.264 in yuv420p), got \(o.size.width)x\(o.size.height)",
                command: "record")
        }
        guard let out = o.out ?? (o.video != nil ? "" : nil) else {
            throw UsageError(
                message: "record needs --out DIR (a folder for the frames) or --video FILE.mp4", command: "record")
        }
        return out
    }

    /// The opening state of the lecture to record, its frames per cue and its models; nil after
    /// saying why not.
    static func prepareLecture(_ o: Options) throws
        -> (AppState, counts: [Int], TrainedModel?, [String: TrainedModel])?
    {
        let model = try loadModel(o)
        let shelf = ModelShelf()
        guard let script = try loadCues(o, model: model, shelf: shelf) else { return nil }
        // Frames per cue are known before the first is drawn: a recording over the cap is refused here.
        let counts = frameCounts(script, o)
        let total = counts.reduce(0, +)
        if total > maxFrames(fps: o.fps) {
            throw UsageError(
                message: "the lecture would record \(total) frames at \(o.fps) fps, over 24 hours; shorten its holds",
                command: "record")
        }
        var state = try initialState(o, command: "record", model: model)
        state.input.showsCaret = false
        state.load(cues: script)
        state.lecture.modelCatalog = shelf.catalog
        let models = shelf.models
        return (state, counts, model, models)
    }

    /// A recording longer than this is refused before anything is written.
    static func maxFrames(fps: Int) -> Int { 24 * 3600 * fps }

    /// As render does for --out "": nothing can be written there, so nothing is recorded.
    static func refuseEmptyFolder() -> Int32 {
        printError("attnviz: cannot write the frames to '': the folder name is empty")
        return 1
    }

    /// Frames each cue is on screen: its typing, its transition and its hold (1 with --every-cue).
    static func frameCounts(_ script: CueScript, _ o: Options) -> [Int] {
        let dt = 1 / Double(o.fps)
        return script.cues.map { cue -> Int in
            if o.everyCue { return 1 }
            let typing = cue.type.map { Double($0.count) / (cue.typingSpeed ?? 10) } ?? 0
            let seconds = typing + (cue.transition ?? Durations.morph) + (cue.hold ?? defaultHold)
            return max(1, Int((seconds / dt).rounded(.up)))
        }
    }

    /// Closes the video and checks its frames and duration against what was recorded.
    static func finishVideo(_ e: VideoEncoder, written: Int, fps: Int) -> Int32 {
        do {
            let (frames, seconds) = try e.finish()
            let expected = Double(written) / Double(fps)
            guard frames == written, abs(seconds - expected) <= 1.5 / Double(fps) else {
                e.abandon()
                printError(
                    "attnviz: \(e.path) holds \(frames) frames and plays \(formatted(Float(seconds), decimals: 2)) s; \(written) frames (\(formatted(Float(expected), decimals: 2)) s) were recorded"
                )
                return 1
            }
            try e.commit()
            printError(
                "attnviz: wrote \(e.path): \(frames) frames, \(formatted(Float(seconds), decimals: 2)) s at \(fps) fps")
        } catch {
            e.abandon()
            printError("attnviz: \(error)")
            return 1
        }
        return 0
    }

    /// One action, with a trained model's forward answered at once (recording never waits on a window).
    static func step(
        _ state: inout AppState, _ action: Action, _ model: TrainedModel?, _ models: [String: TrainedModel]
    ) {
        ModelRunner.settle(&state, models: models, fallback: model, effects: reduce(&state, action))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// "record: frame 120 of 900 · 12 s left", rewritten in place on stderr.
    /// Whether a progress line is on stderr without its newline yet.
    nonisolated(unsafe) static var progressShown = false

    static func progress(_ done: Int, _ total: Int, started: Double, final: Bool = false) {
        guard final || done % 10 == 0 || done == total else { return }
        let elapsed = monotonicSeconds() - started
        let left = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        progressShown = !final
        let line =
            final
            ? "\rrecord: \(done) frames in \(Int(elapsed.rounded())) s\n"
            : "\rrecord: frame \(done) of \(total) · \(Int(left.rounded())) s left   "
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
