/// A point in logical window coordinates (pixels before high-DPI scaling).
public struct Point: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public init(_ x: Float, _ y: Float) {
        self.x = x
        self.y = y
    }
}

public struct Size: Equatable, Sendable {
    public var width: Float
    public var height: Float
    public init(_ width: Float, _ height: Float) {
        self.width = width
        self.height = height
    }
}

/// An axis-aligned rectangle; the same rects serve drawing and hit-testing.
public struct Rect: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float

    public init(x: Float, y: Float, width: Float, height: Float) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)
    public var maxX: Float { x + width }
    public var maxY: Float { y + height }
    public var center: Point { Point(x + width / 2, y + height / 2) }

    public func contains(_ p: Point) -> Bool {
        p.x >= x && p.x < maxX && p.y >= y && p.y < maxY
    }

    public func inset(_ d: Float) -> Rect {
        Rect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d))
    }

    /// Splits off a band of `amount` from the top; returns (band, rest).
    public func splitTop(_ amount: Float) -> (Rect, Rect) {
        let a = min(max(0, amount), height)
        return (Rect(x: x, y: y, width: width, height: a), Rect(x: x, y: y + a, width: width, height: height - a))
    }

    public func splitBottom(_ amount: Float) -> (Rect, Rect) {
        let a = min(max(0, amount), height)
        return (Rect(x: x, y: maxY - a, width: width, height: a), Rect(x: x, y: y, width: width, height: height - a))
    }

    public func splitLeft(_ amount: Float) -> (Rect, Rect) {
        let a = min(max(0, amount), width)
        return (Rect(x: x, y: y, width: a, height: height), Rect(x: x + a, y: y, width: width - a, height: height))
    }

    public func splitRight(_ amount: Float) -> (Rect, Rect) {
        let a = min(max(0, amount), width)
        return (Rect(x: maxX - a, y: y, width: a, height: height), Rect(x: x, y: y, width: width - a, height: height))
    }

    /// Linear interpolation between two rects.
    public static func lerp(_ a: Rect, _ b: Rect, _ t: Float) -> Rect {
        Rect(
            x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t,
            width: a.width + (b.width - a.width) * t, height: a.height + (b.height - a.height) * t)
    }

    /// This rect clipped to `other` (empty when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x)
        let y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX)
        let y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
}

/// An 8-bit sRGB colour with alpha.
public struct RGBA: Equatable, Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    public init(hex: UInt32, alpha: UInt8 = 255) {
        self.init(UInt8((hex >> 16) & 0xff), UInt8((hex >> 8) & 0xff), UInt8(hex & 0xff), alpha)
    }

    public func withAlpha(_ alpha: Float) -> RGBA {
        RGBA(r, g, b, UInt8(max(0, min(255, (Float(a) * alpha).rounded()))))
    }

    /// Packed as 0xAARRGGBB (SDL_PIXELFORMAT_ARGB8888).
    public var argb: UInt32 {
        UInt32(a) << 24 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
    }

    public static func mix(_ x: RGBA, _ y: RGBA, _ t: Float) -> RGBA {
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Float(a) + (Float(b) - Float(a)) * t).rounded())))
        }
        return RGBA(m(x.r, y.r), m(x.g, y.g), m(x.b, y.b), m(x.a, y.a))
    }
}
