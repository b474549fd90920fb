public enum PointerButton: Equatable, Sendable {
    case left, middle, right
}
