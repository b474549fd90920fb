/// A vertex of a triangle list (arcs, thick lines, gradients).
public struct Vertex: Equatable, Sendable {
    public var position: Point
    public var color: RGBA
    public init(_ position: Point, _ color: RGBA) {
        self.position = position
        self.color = color
    }
}
