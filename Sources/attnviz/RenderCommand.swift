import AppShell
import AttentionCore
import Decoders
import Encoders
import Exports
import ModelFormats
import ModelLoading
import SDLBackend
import SafeFiles
import Tokenizers
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// A failure that is not the user's flag syntax (a broken model folder): one line, exit 1.
struct RunError: Error, CustomStringConvertible {
    let description: String
}

/// The trained model named by --model, or nil for the seeded engine; while it is read, its
/// progress on stderr when that is a terminal.
func loadModel(_ o: Options) throws(RunError) -> TrainedModel? {
    guard let path = o.modelPath else { return nil }
    let line = isatty(2) == 1 ? ProgressLine(name: path) : nil
    defer { line?.clear() }
    return try opened(ModelLoader.load(path, progress: line?.report), path: path)
}

/// The model, or the one line that says why --model cannot be used.
func opened(_ result: Result<TrainedModel, ModelError>, path: String) throws(RunError) -> TrainedModel {
    switch result {
    case .success(let m): return m
    case .failure(let e): throw cannotUse(path, e)
    }
}

/// The one line for a --model that does not open.
func cannotUse(_ path: String, _ e: ModelError) -> RunError {
    RunError(description: "cannot use --model '\(shortened(path, limit: 120))': \(e.description)")
}

/// Options → the app's opening state (AppShell's `OpeningState`), or a usage error naming the
/// bad value.
func initialState(_ o: Options, command: String, model: TrainedModel? = nil, inline: Bool = true) throws(UsageError)
    -> AppState
{
    do {
        return try OpeningState.make(o.opening, model: model, inline: inline)
    } catch {
        throw UsageError(message: error.description, command: command)
    }
}

/// The font to draw with, or nil after saying in one line why there is none.
func locateFont(_ o: Options) -> String? {
    switch FontLocator.locate(explicit: o.fontPath) {
    case .success(let p): return p
    case .failure(let e):
        printError("attnviz: \(e.description)")
        return nil
    }
}

/// `attnviz render`: one frame, no display, same bytes for the same arguments.
enum RenderCommand {
    static func run(_ o: Options) throws -> Int32 {
        guard let out = o.out else { throw UsageError(message: "render needs --out FILE.bmp", command: "render") }
        try checkFormat(out)
        let model = try loadModel(o)
        var state = try initialState(o, command: "render", model: model)
        state.input.showsCaret = false
        let shelf = ModelShelf()
        if let script = try loadCues(o, model: model, shelf: shelf) {
            // --cue N: the lecture at its N-th cue, settled.
            state.load(cues: script)
            state.lecture.modelCatalog = shelf.catalog
            let n = o.cue ?? 1
            guard n <= script.cues.count else {
                throw UsageError(message: "--cue \(n): the cue file has \(script.cues.count) cues", command: "render")
            }
            ModelRunner.settle(&state, models: shelf.models, fallback: model, effects: reduce(&state, .goToCue(n - 1)))
            // The cue as it is shown: what it writes written, what waits on it done.
            ModelRunner.settleCue(&state, models: shelf.models, fallback: model, dt: 1.0 / 30)
        } else if o.cue != nil {
            throw UsageError(message: "--cue N needs --cues FILE", command: "render")
        }
        _ = reduce(&state, .tick(seconds: o.time))
        guard let font = locateFont(o) else { return 1 }
        do {
            let r = try HeadlessRenderer(width: o.size.width, height: o.size.height, fontPath: font)
            if out.lowercased().hasSuffix(".svg") {
                // The same display list as vectors.
                state.textWidths = r.textWidths
                let svg = SVGWriter.document(scene(state), width: r.width, height: r.height, text: r.textWidths)
                try AtomicFile.write(Array(svg.utf8), to: out, what: "SVG")
                return 0
            }
            let pixels = r.render(state)
            try BMPFile.writeAtomically(
                BMPFile.encode(argb: pixels, width: r.width, height: r.height), to: out, what: "frame")
        } catch let e as SDLError {
            printError("attnviz: \(e.description)")
            return 1
        } catch let e as AtomicFile.Failure {
            printError("attnviz: \(e.description)")
            return 1
        } catch {
            printError("attnviz: \(error)")
            return 1
        }
        return 0
    }
}

/// The formats `render --out` writes, by the file name's extension.
let renderFormats = ["bmp", "svg"]

/// Refuses a name whose extension is not a format AttnViz writes (a.png would hold BMP bytes).
/// Paths that are already something else (a folder, a device) and "" keep their own message.
func checkFormat(_ out: String) throws(UsageError) {
    var st = stat()
    guard !out.isEmpty, lstat(out, &st) != 0 || (st.st_mode & S_IFMT) == S_IFREG else { return }
    let name = out.split(separator: "/").last.map(String.init) ?? out
    let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
    guard !renderFormats.contains(ext) else { return }
    throw UsageError(
        message: "--out '\(shortened(name, limit: 60))': render writes \(choiceList(renderFormats.map { "." + $0 })) "
            + "(a frame as BMP, or the display list as SVG)",
        command: "render")
}
