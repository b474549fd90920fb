/// Requests the model cannot fulfil itself, returned by `reduce` as values.
public enum Effect: Equatable, Sendable {
    case takeScreenshot
    /// The frame's display list as SVG (Ctrl+Shift+S).
    case exportSVG
    case toggleFullscreen
    case quit
    case pasteFromClipboard
    /// Run the trained model on a worker and send back `.modelComputed`.
    case computeModel(ModelRequest)
    /// Run the seeded engine on a worker (a long input) and send back `.engineComputed`.
    case computeEngine(EngineRequest)

    /// `effects` with only the newest compute request of each kind: one action can change the
    /// input and a setting, and only the last picture asked for is worth computing.
    public static func latest(_ effects: [Effect]) -> [Effect] {
        let lastModel = effects.lastIndex { if case .computeModel = $0 { true } else { false } }
        let lastEngine = effects.lastIndex { if case .computeEngine = $0 { true } else { false } }
        return effects.enumerated().compactMap { i, e in
            switch e {
            case .computeModel: return i == lastModel ? e : nil
            case .computeEngine: return i == lastEngine ? e : nil
            default: return e
            }
        }
    }
}
