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
