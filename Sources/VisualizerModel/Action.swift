/// Keys the model understands; the backend maps SDL keycodes onto these.
public enum Key: String, Equatable, Sendable, CaseIterable {
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, enter, escape, backspace, delete
    case f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12
    case letterA = "a"
    case letterB = "b"
    case letterC = "c"
    case letterD = "d"
    case letterE = "e"
    case letterF = "f"
    case letterG = "g"
    case letterH = "h"
    case letterI = "i"
    case letterJ = "j"
    case letterK = "k"
    case letterL = "l"
    case letterM = "m"
    case letterN = "n"
    case letterO = "o"
    case letterP = "p"
    case letterQ = "q"
    case letterR = "r"
    case letterS = "s"
    case letterT = "t"
    case letterU = "u"
    case letterV = "v"
    case letterW = "w"
    case letterX = "x"
    case letterY = "y"
    case letterZ = "z"
    case leftBracket, rightBracket, equals, minus, zero
}

/// Modifier keys held with a key press.
public struct Modifiers: OptionSet, Equatable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = Modifiers(rawValue: 1)
    public static let control = Modifiers(rawValue: 2)
    public static let alt = Modifiers(rawValue: 4)
}

public enum PointerButton: Equatable, Sendable {
    case left, middle, right
}

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
}

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
