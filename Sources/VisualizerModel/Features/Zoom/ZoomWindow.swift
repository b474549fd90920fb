import AttentionCore

/// Which part of the heatmaps is on screen: `zoom` ≥ 1 and the top-left slot (fractional).
public struct ZoomWindow: Equatable, Sendable {
    public var zoom: Float = 1
    public var originX: Float = 0
    public var originY: Float = 0
    public static let maxZoom: Float = 64
    public init() {}

    /// Slots visible along an axis of `n` slots.
    public func span(_ n: Int) -> Float { Float(n) / zoom }

    /// Keeps the window inside the matrix.
    public mutating func clamp(_ n: Int) {
        zoom = min(max(zoom, 1), ZoomWindow.maxZoom)
        let limit = max(0, Float(n) - span(n))
        originX = min(max(originX, 0), limit)
        originY = min(max(originY, 0), limit)
    }
}
