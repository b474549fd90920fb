import AttentionCore

/// A model file being read while the window is already open: an 8B file takes seconds to
/// read, and the window shows it loading at once instead of opening only when it is read.
public struct LoadingModel: Equatable, Sendable {
    public var name: String
    public var bytes: Int
    /// Bytes read so far; all of them means the weights are being made ready.
    public var read = 0

    public init(name: String, bytes: Int) {
        self.name = name
        self.bytes = bytes
    }

    public var fraction: Double { bytes > 0 ? min(1, Double(max(0, read)) / Double(bytes)) : 0 }

    /// "loading 4.5 GB … 37 %", then what is left once every byte is in.
    public var caption: String {
        guard bytes > 0 else { return "opening the file …" }
        return read < bytes
            ? "loading \(MemoryBudget.format(Double(bytes))) … \(Int(fraction * 100)) %"
            : "read \(MemoryBudget.format(Double(bytes))); making the weights ready …"
    }
}

extension AppState {
    /// The window's state while `loading` is read: nothing but the loading screen.
    public static func loading(_ loading: LoadingModel, viewport: Size, theme: Theme) -> AppState {
        var s = AppState(input: "", viewport: viewport, theme: theme, computeInBackground: true)
        s.loading = loading
        return s
    }

    /// While a model loads, only the window's own business goes on: time, resizing, progress,
    /// and the keys the binding table gives to quitting and fullscreen; typing waits for the
    /// model (there is nothing to type into yet). Nil for the actions that take their usual course.
    mutating func whileLoading(_ action: Action) -> [Effect]? {
        switch action {
        case .modelLoading(let read, let total):
            loading?.read = read
            loading?.bytes = total
            return []
        case .tick, .viewportResized, .showMessage: return nil
        case .keyPressed(let key, let mods):
            let command = KeyBindings.command(for: key, mods, in: view)
            return command == .app(.quit) || command == .app(.fullscreen) ? nil : []
        default: return []
        }
    }
}
