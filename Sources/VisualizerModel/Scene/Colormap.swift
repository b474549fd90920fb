/// Perceptually uniform colour maps, as 256-entry lookup tables.
///
/// Each map is linear interpolation through ten published stops of the original (the stops are
/// the maps' well-known hex values at 0, 1/9, …, 1), which stays within a few levels of the full
/// tables.
public enum Colormap: String, Sendable, Equatable, CaseIterable {
    case viridis, magma, cividis, gray
    /// Blue–white–red, for signed values (X, W, Q, K, V).
    case diverging

    public static let sequential: [Colormap] = [.viridis, .magma, .cividis, .gray]

    static let stops: [Colormap: [UInt32]] = [
        .viridis: [0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725],
        .magma: [0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f, 0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d, 0xfcfdbf],
        .cividis: [0x00224e, 0x123570, 0x3b496c, 0x575d6d, 0x707173, 0x8a8779, 0xa69d75, 0xc4b56c, 0xe4cf5b, 0xfee838],
        .gray: [0x000000, 0xffffff],
        .diverging: [0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b],
    ]

    /// The 256-colour table of this map, 0xAARRGGBB.
    public var table: [UInt32] { Colormap.tables[self] ?? [] }

    static let tables: [Colormap: [UInt32]] = {
        var out: [Colormap: [UInt32]] = [:]
        for (map, hexes) in stops {
            let colors = hexes.map { RGBA(hex: $0) }
            out[map] = (0..<256).map { i in
                let x = Float(i) / 255 * Float(colors.count - 1)
                let k = min(Int(x), colors.count - 2)
                return RGBA.mix(colors[k], colors[k + 1], x - Float(k)).argb
            }
        }
        return out
    }()

    /// The colour of `value` in [0, 1] (clamped; NaN maps to the low end).
    @inline(__always)
    public func argb(_ value: Float, table: [UInt32]) -> UInt32 {
        let v = value.isNaN ? 0 : min(max(value, 0), 1)
        return table[Int(v * 255 + 0.5)]
    }

    public func color(_ value: Float) -> RGBA {
        let c = argb(value, table: table)
        return RGBA(UInt8((c >> 16) & 0xff), UInt8((c >> 8) & 0xff), UInt8(c & 0xff))
    }

    /// A strongly visible colour on top of this map at `value` (for numbers printed in cells).
    public func textColor(on value: Float) -> RGBA {
        let c = color(value)
        let luma = 0.2126 * Float(c.r) + 0.7152 * Float(c.g) + 0.0722 * Float(c.b)
        return luma > 140 ? RGBA(0, 0, 0) : RGBA(255, 255, 255)
    }
}
