/// Where a text's anchor point sits on its box.
public enum TextAnchor: Equatable, Sendable {
    case topLeft, topCenter, topRight
    case centerLeft, center, centerRight
    case bottomLeft, bottomCenter, bottomRight
}

/// One run of text. The backend measures it and, past `maxWidth`, ellipsizes it: the model
/// never needs font metrics to keep labels from overlapping.
public struct TextItem: Equatable, Sendable {
    public var string: String
    public var position: Point
    public var size: Float
    public var color: RGBA
    public var anchor: TextAnchor
    public var maxWidth: Float?
    /// Rotated 90° counter-clockwise (reads bottom-up), for narrow columns.
    public var vertical: Bool
    public var bold: Bool

    public init(
        _ string: String, at position: Point, size: Float, color: RGBA, anchor: TextAnchor = .topLeft,
        maxWidth: Float? = nil, vertical: Bool = false, bold: Bool = false
    ) {
        self.string = string
        self.position = position
        self.size = size
        self.color = color
        self.anchor = anchor
        self.maxWidth = maxWidth
        self.vertical = vertical
        self.bold = bold
    }
}

/// A vertex of a triangle list (arcs, thick lines, gradients).
public struct Vertex: Equatable, Sendable {
    public var position: Point
    public var color: RGBA
    public init(_ position: Point, _ color: RGBA) {
        self.position = position
        self.color = color
    }
}

/// The display list: what to draw, in logical coordinates, in order.
public enum DrawCommand: Equatable, Sendable {
    case fillRect(Rect, RGBA)
    case strokeRect(Rect, RGBA, width: Float)
    case line(from: Point, to: Point, RGBA, width: Float)
    /// Consecutive triples of vertices are triangles (SDL_RenderGeometry).
    case triangles([Vertex])
    case text(TextItem)
    /// A grid of `columns` × `rows` ARGB8888 cells stretched over `rect` with nearest sampling:
    /// one texture, not one rect per cell, drawn at `opacity` (fades change the opacity, not the
    /// pixels, so a fading tile's pixels are the settled tile's, remembered and not re-uploaded).
    case heatmap(Rect, columns: Int, rows: Int, pixels: [UInt32], opacity: Float = 1)
    case pushClip(Rect)
    case popClip
}
