import AppShell
import AttentionCore
import Decoders
import Foundation
import ModelFormats
import ModelLoading
import SDLBackend
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// `attnviz` with no command: the live window.
enum WindowCommand {
    static func run(_ o: Options) throws -> Int32 {
        if let note = KernelTier.slowArithmeticNote { printError("attnviz: note: \(note)") }
        // A model opens in the window: the window first, with a loading bar, while it is read.
        // The typing and fuzzing probes start on the model, so they read it first.
        if let path = o.modelPath, o.benchTyping == nil, o.benchFuzz == nil {
            try checkHeader(path, o)
            guard let font = locateFont(o) else { return 1 }
            let screen = AppState.loading(
                LoadingModel(name: shortened(path, limit: 80), bytes: 0),
                viewport: Size(Float(o.size.width), Float(o.size.height)), theme: o.opening.theme)
            let config = WindowConfig(
                state: screen, fontPath: font, screenshotDir: o.screenshotDir, width: o.size.width,
                height: o.size.height, benchFrames: o.benchFrames)
            let job = ModelLoadJob(
                load: { progress in ModelLoader.load(path, progress: progress) },
                open: { result in try start(o, model: opened(result, path: path)) })
            return try show(config, loading: job)
        }
        let model = try loadModel(o)
        let first = try start(o, model: model)
        guard let font = locateFont(o) else { return 1 }
        var config = WindowConfig(
            state: first.state, fontPath: font, screenshotDir: o.screenshotDir,
            width: o.size.width, height: o.size.height, benchFrames: o.benchFrames, model: model)
        config.fuzzSeed = o.benchFuzz
        config.benchTyping = o.benchTyping
        config.models = first.models
        return try show(config)
    }

    /// A GGUF file's header (its first MiBs), read before the window opens: a file AttnViz cannot
    /// run, and the flags its shape decides (--layer, --head), are one line here instead of a
    /// window that opens with a loading bar and closes again. A folder or a store's name is
    /// checked when it is read.
    static func checkHeader(_ path: String, _ o: Options) throws {
        guard GGUFModelFile.isGGUF(path) else { return }
        let c: DecoderConfig
        switch GGUFModelFile.describe(path) {
        case .failure(let e): throw cannotUse(path, e)
        case .success(let described): c = described.config
        }
        // The name the loaded model would have (GGUFModelFile.load's), so the line is the same.
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            try OpeningState.checkShape(o.opening, name: name, layers: c.layers, heads: c.heads)
        } catch {
            throw UsageError(message: error.description, command: "attnviz")
        }
    }

    /// The opening state on `model`: the flags, --generate, and the cue file's first cue.
    static func start(_ o: Options, model: TrainedModel?) throws -> WindowStart {
        var state = try initialState(o, command: "attnviz", model: model, inline: false)
        if let n = o.windowGenerate {
            guard model?.isDecoder == true else {
                throw UsageError(message: "--generate needs a decoder (--model F.gguf)", command: "attnviz")
            }
            state.write(n, seed: o.sampleSeed)
        }
        let shelf = ModelShelf()
        if let script = try loadCues(o, model: model, shelf: shelf) {
            state.load(cues: script)
            state.lecture.modelCatalog = shelf.catalog
            // The window opens on cue 1, as a lecturer expects, not on what the cues start from.
            state.openLecture()
        }
        return WindowStart(state: state, model: model, models: shelf.models)
    }

    /// Runs the window until it closes; what stopped it opening is thrown as the caller's.
    static func show(_ config: WindowConfig, loading: ModelLoadJob? = nil) throws -> Int32 {
        do {
            let app = try WindowApp(config, loading: loading)
            let status = app.run()
            if let e = app.openingError { throw e }
            return status
        } catch let error as WindowFailure {
            printError("attnviz: \(error.description)")
            return error.exitStatus
        }
    }
}

/// A model's loading progress on one line of stderr, rewritten in place (a terminal only).
final class ProgressLine: Sendable {
    let name: String

    init(name: String) { self.name = shortened(name, limit: 60) }

    /// What the line says after `read` of `total` bytes.
    static func text(name: String, read: Int, total: Int) -> String {
        let percent = total > 0 ? Int(Double(read) / Double(total) * 100) : 0
        return "attnviz: loading \(name): \(MemoryBudget.format(Double(read))) of "
            + "\(MemoryBudget.format(Double(total))) (\(percent) %)"
    }

    var report: LoadProgress {
        { [name] read, total in writeStderr("\r" + ProgressLine.text(name: name, read: read, total: total)) }
    }

    /// Erases the line, so what follows starts clean.
    func clear() { writeStderr("\r\u{1b}[K") }
}
