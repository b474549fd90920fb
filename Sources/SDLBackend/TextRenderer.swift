import CSDL2

/// Draws a string with the main font and, for characters it has no glyph for, a colour emoji
/// font scaled to the line height: "👍🏽 works" reads as an emoji, not as boxes.
struct TextRenderer {
    let font: OpaquePointer
    let emoji: OpaquePointer?

    enum Run: Equatable {
        case text(String)
        case emoji(String)
    }

    var lineHeight: Int32 { max(1, TTF_FontHeight(font)) }

    /// Consecutive characters grouped by the font that draws them.
    func runs(_ s: String) -> [Run] {
        guard let emoji else { return [.text(s)] }
        var out: [Run] = []
        var current = ""
        var currentIsEmoji = false
        for ch in s {
            guard let first = ch.unicodeScalars.first?.value else { continue }
            let isEmoji = TTF_GlyphIsProvided32(font, first) == 0 && TTF_GlyphIsProvided32(emoji, first) != 0
            if isEmoji != currentIsEmoji && !current.isEmpty {
                out.append(currentIsEmoji ? .emoji(current) : .text(current))
                current = ""
            }
            currentIsEmoji = isEmoji
            current.append(ch)
        }
        if !current.isEmpty { out.append(currentIsEmoji ? .emoji(current) : .text(current)) }
        return out
    }

    /// Width in pixels of a run as it will be drawn.
    func width(_ run: Run) -> Int32 {
        var w: Int32 = 0, h: Int32 = 0
        switch run {
        case let .text(t):
            TTF_SizeUTF8(font, t, &w, &h)
            return w
        case let .emoji(t):
            guard let emoji else { return 0 }
            TTF_SizeUTF8(emoji, t, &w, &h)
            return h > 0 ? Int32((Int64(w) * Int64(lineHeight) + Int64(h) / 2) / Int64(h)) : 0
        }
    }

    func measure(_ s: String) -> Int32 {
        runs(s).reduce(0) { $0 + width($1) }
    }

    /// An ARGB surface of the whole string (the caller frees it).
    func render(_ s: String, color: SDL_Color) -> UnsafeMutablePointer<SDL_Surface>? {
        let rs = runs(s)
        if rs.count == 1, case let .text(t) = rs[0] { return TTF_RenderUTF8_Blended(font, t, color) }
        let total = rs.reduce(0) { $0 + width($1) }
        guard total > 0, let dst = SDL_CreateRGBSurfaceWithFormat(0, total, lineHeight, 32, attnviz_PIXELFORMAT_ARGB8888()) else {
            return nil
        }
        SDL_FillRect(dst, nil, 0)
        var x: Int32 = 0
        for run in rs {
            let w = width(run)
            defer { x += w }
            let src: UnsafeMutablePointer<SDL_Surface>?
            switch run {
            case let .text(t): src = TTF_RenderUTF8_Blended(font, t, color)
            case let .emoji(t): src = emoji.flatMap { TTF_RenderUTF8_Blended($0, t, SDL_Color(r: 255, g: 255, b: 255, a: 255)) }
            }
            guard let surface = src else { continue }
            defer { SDL_FreeSurface(surface) }
            guard let converted = SDL_ConvertSurfaceFormat(surface, attnviz_PIXELFORMAT_ARGB8888(), 0) else { continue }
            defer { SDL_FreeSurface(converted) }
            // Runs never overlap: copy pixels and alpha as they are (no blending onto the clear surface).
            SDL_SetSurfaceBlendMode(converted, SDL_BLENDMODE_NONE)
            var rect = SDL_Rect(x: x, y: 0, w: w, h: lineHeight)
            if case .text = run {
                rect.h = min(lineHeight, converted.pointee.h)
                SDL_UpperBlit(converted, nil, dst, &rect)
            } else {
                SDL_SoftStretchLinear(converted, nil, dst, &rect)
            }
        }
        return dst
    }
}
