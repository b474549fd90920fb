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
