/// Where the pointer is, what it is over, and the modifier keys that change what a click does.
public struct PointerState: Equatable, Sendable {
    /// The pointer's position, or nil when it left the window.
    public var position: Point?
    public var hover: HoverTarget?
    /// Where a pan drag last was, while the left button is held on a zoomed heatmap.
    public var dragFrom: Point?
    /// Shift is held: the arcs view shows a token's incoming arcs (as a key).
    public var shiftHeld = false
    /// Ctrl is held: a click adds a query to (or removes it from) `selection.queries`.
    public var controlHeld = false

    public init() {}
}
