/// Everything that can happen to the app. Time is one of them.
public enum Action: Equatable, Sendable {
    /// UTF-8 text from the keyboard (SDL text input) or the clipboard.
    case textTyped(String)
    case keyPressed(Key, Modifiers)
    case pointerMoved(x: Float, y: Float)
    case pointerPressed(PointerButton, x: Float, y: Float, clicks: Int)
    case pointerReleased(PointerButton, x: Float, y: Float)
    /// Scroll by `dy` notches (positive: away from the user), with the pointer's modifiers.
    case wheel(dx: Float, dy: Float, Modifiers)
    case pointerLeft
    /// Modifier keys went down or up (the arcs view shows incoming arcs while Shift is held).
    case modifiersChanged(Modifiers)
    case viewportResized(width: Float, height: Float)
    case tick(seconds: Double)
    /// A message from outside the model (screenshot saved, screenshot failed, …).
    case showMessage(String, isError: Bool)
    /// The shell finished a `computeModel` request (stale generations are dropped).
    case modelComputed(ModelResult)
    /// The shell finished a `computeEngine` request (stale generations are dropped).
    case engineComputed(EngineResult)
    /// Go to cue `index` (0-based) of the loaded cue script: the next one animates, any other
    /// is reached at once (every cue up to it applied, its typing finished).
    case goToCue(Int)
    /// The shell has read `read` of the `of` bytes of the model file the window opened with.
    case modelLoading(read: Int, of: Int)
}
