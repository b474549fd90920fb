/// Where a text's anchor point sits on its box.
public enum TextAnchor: Equatable, Sendable {
    case topLeft, topCenter, topRight
    case centerLeft, center, centerRight
    case bottomLeft, bottomCenter, bottomRight
}
