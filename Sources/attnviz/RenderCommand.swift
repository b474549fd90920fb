import AttentionCore
import SDLBackend
import VisualizerModel

/// Options → the app's opening state, or a usage error naming the bad value.
func initialState(_ o: Options, command: String) throws(UsageError) -> AppState {
    guard let view = ViewKind(rawValue: o.view) else {
        throw UsageError(message: "--view must be heatmaps, arcs, inspector or explain (got '\(o.view)')", command: command)
    }
    guard let theme = Theme.named(o.theme) else {
        throw UsageError(message: "--theme must be dark, light or projector (got '\(o.theme)')", command: command)
    }
    guard let colormap = Colormap(rawValue: o.colormap), Colormap.sequential.contains(colormap) else {
        throw UsageError(message: "--colormap must be viridis, magma, cividis or gray (got '\(o.colormap)')", command: command)
    }
    // Settings the engine refuses are flag errors too; an empty input is just an empty screen.
    if case let .failure(error) = AttentionEngine.run(text: o.input, mode: o.mode, settings: o.settings), error != .emptyInput {
        throw UsageError(message: error.description, command: command)
    }
    var state = AppState(input: o.input, mode: o.mode, settings: o.settings,
                         viewport: Size(Float(o.size.width), Float(o.size.height)), view: view, theme: theme, colormap: colormap)
    state.fontScale = o.fontScale
    state.arcs.minWeight = o.arcThreshold
    state.arcs.topK = o.arcTopK
    return state
}

/// The font to draw with, or nil after saying in one line why there is none.
func locateFont(_ o: Options) -> String? {
    switch FontLocator.locate(explicit: o.fontPath) {
    case let .success(p): return p
    case let .failure(e):
        printError("attnviz: \(e.description)")
        return nil
    }
}

/// `attnviz render`: one frame, no display, same bytes for the same arguments.
enum RenderCommand {
    static func run(_ o: Options) throws(UsageError) -> Int32 {
        guard let out = o.out else { throw UsageError(message: "render needs --out FILE.bmp", command: "render") }
        var state = try initialState(o, command: "render")
        _ = reduce(&state, .tick(seconds: o.time))
        guard let font = locateFont(o) else { return 1 }
        do {
            let r = try HeadlessRenderer(width: o.size.width, height: o.size.height, fontPath: font)
            let pixels = r.render(scene(state))
            try BMPFile.writeAtomically(BMPFile.encode(argb: pixels, width: r.width, height: r.height), to: out)
        } catch let e as SDLError {
            printError("attnviz: \(e.description)")
            return 1
        } catch let e as BMPFile.WriteError {
            printError("attnviz: \(e.description)")
            return 1
        } catch {
            printError("attnviz: \(error)")
            return 1
        }
        return 0
    }
}

/// `attnviz` with no command: the live window.
enum WindowCommand {
    static func run(_ o: Options) throws(UsageError) -> Int32 {
        let state = try initialState(o, command: "attnviz")
        guard let font = locateFont(o) else { return 1 }
        let config = WindowConfig(state: state, fontPath: font, screenshotDir: o.screenshotDir,
                                  width: o.size.width, height: o.size.height, benchFrames: o.benchFrames)
        do {
            let app = try WindowApp(config)
            return app.run()
        } catch {
            printError("attnviz: \(error.description)")
            return 3
        }
    }
}
