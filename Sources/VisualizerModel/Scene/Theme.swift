/// The colours and text scale of one look: dark, light, or projector (high contrast, larger).
public struct Theme: Equatable, Sendable {
    public var name: String
    public var background: RGBA
    public var panel: RGBA
    public var text: RGBA
    public var dimText: RGBA
    public var accent: RGBA
    public var error: RGBA
    /// Masked cells: a neutral that no colour map uses, so "masked" never reads as "weight 0".
    public var masked: RGBA
    public var grid: RGBA
    public var highlight: RGBA
    public var tooltip: RGBA
    public var textScale: Float
    /// Tokens the model wrote, apart from those typed.
    public var written: RGBA

    public static let dark = Theme(
        name: "dark", background: RGBA(hex: 0x16181d), panel: RGBA(hex: 0x20232a), text: RGBA(hex: 0xeceff4),
        dimText: RGBA(hex: 0xa7adba), accent: RGBA(hex: 0xffb454), error: RGBA(hex: 0xff6b6b),
        masked: RGBA(hex: 0x5b5f69), grid: RGBA(hex: 0x343842), highlight: RGBA(hex: 0xffffff),
        tooltip: RGBA(hex: 0x2c303a), textScale: 1, written: RGBA(hex: 0x7fd1ff))

    public static let light = Theme(
        name: "light", background: RGBA(hex: 0xf7f7f5), panel: RGBA(hex: 0xffffff), text: RGBA(hex: 0x1d1f24),
        dimText: RGBA(hex: 0x5a606b), accent: RGBA(hex: 0xb3541e), error: RGBA(hex: 0xc62828),
        masked: RGBA(hex: 0xc4c7cc), grid: RGBA(hex: 0xdcdfe4), highlight: RGBA(hex: 0x000000),
        tooltip: RGBA(hex: 0xffffff), textScale: 1, written: RGBA(hex: 0x1565c0))

    public static let projector = Theme(
        name: "projector", background: RGBA(hex: 0x000000), panel: RGBA(hex: 0x0c0c0c), text: RGBA(hex: 0xffffff),
        dimText: RGBA(hex: 0xdedede), accent: RGBA(hex: 0xffd23f), error: RGBA(hex: 0xff5252),
        masked: RGBA(hex: 0x6e6e6e), grid: RGBA(hex: 0x3a3a3a), highlight: RGBA(hex: 0xffd23f),
        tooltip: RGBA(hex: 0x1e1e1e), textScale: 1.25, written: RGBA(hex: 0x5ee3ff))

    public static let all: [Theme] = [.dark, .light, .projector]

    public static func named(_ name: String) -> Theme? { all.first { $0.name == name } }
}
