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
}
