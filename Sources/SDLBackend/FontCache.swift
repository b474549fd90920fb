import AppShell
import CSDL2

/// Open TTF fonts, one per (pixel size, weight); closed in deinit.
final class FontCache {
    let regularPath: String
    let boldPath: String
    private var fonts: [FontKey: OpaquePointer] = [:]
    /// A colour emoji font for characters the main font lacks (nil when none is installed).
    let emoji: OpaquePointer?

    struct FontKey: Hashable {
        var size: Int
        var bold: Bool
    }

    /// Outline fonts for scripts the main font lacks (CJK), opened per size like the main font.
    let fallbackPaths: [String]
    private var fallbackFonts: [Int: [OpaquePointer]] = [:]

    init(
        path: String, emojiPath: String? = FontLocator.emojiPath(),
        fallbackPaths: [String] = FontLocator.fallbackPaths()
    ) throws(SDLError) {
        regularPath = path
        self.fallbackPaths = fallbackPaths
        boldPath = FontLocator.boldVariant(of: path)
        // Colour emoji fonts are bitmap strikes; SDL_ttf picks the strike, we scale to the line.
        emoji = emojiPath.flatMap { TTF_OpenFont($0, 109) }
        // Open once now, so a broken font file is an error at start, not a blank frame later.
        guard font(size: 16, bold: false) != nil else { throw SDLError("cannot open font '\(path)'") }
    }

    func font(size: Int, bold: Bool) -> OpaquePointer? {
        let key = FontKey(size: max(6, min(size, 400)), bold: bold)
        if let f = fonts[key] { return f }
        guard let f = TTF_OpenFont(bold ? boldPath : regularPath, Int32(key.size)) else { return nil }
        TTF_SetFontHinting(f, TTF_HINTING_LIGHT)
        fonts[key] = f
        return f
    }

    /// The fallback fonts at a pixel size (those that open).
    func fallbacks(size: Int) -> [OpaquePointer] {
        let px = max(6, min(size, 400))
        if let f = fallbackFonts[px] { return f }
        let opened = fallbackPaths.compactMap { TTF_OpenFont($0, Int32(px)) }
        fallbackFonts[px] = opened
        return opened
    }

    deinit {
        for list in fallbackFonts.values { for f in list { TTF_CloseFont(f) } }
        for f in fonts.values { TTF_CloseFont(f) }
        if let e = emoji { TTF_CloseFont(e) }
    }
}
