import CSDL2

/// Draws a string with the main font and, for characters it has no glyph for, the first
/// fallback font that has one (CJK and more), or a colour emoji font scaled to the line height:
/// "猫 👍🏽" reads as a cat and a thumb, not as boxes.
struct TextRenderer {
    let font: OpaquePointer
    let emoji: OpaquePointer?
    /// Outline fallbacks at the same pixel size as `font`, in order of preference.
    var fallbacks: [OpaquePointer] = []

    enum Run: Equatable {
        /// Drawn with the main font (0) or fallback `font - 1`.
        case text(String, font: Int)
        case emoji(String)
    }

    var lineHeight: Int32 { max(1, TTF_FontHeight(font)) }

    /// Which font draws a character: an index into [font] + fallbacks, or nil for the emoji font.
    func source(of ch: Character) -> Int? {
        guard let scalar = ch.unicodeScalars.first else { return 0 }
        let first = scalar.value
        // Emoji meant to be shown as pictures (😴, or any with VS16) come in colour even where
        // the text font has a black-and-white glyph of its own (DejaVu has the emoticons).
        let pictorial = scalar.properties.isEmojiPresentation || ch.unicodeScalars.contains("\u{FE0F}")
        if pictorial, let emoji, TTF_GlyphIsProvided32(emoji, first) != 0 { return nil }
        guard TTF_GlyphIsProvided32(font, first) == 0 else { return 0 }
        // Emoji presentation first: a colour thumb beats a fallback's outline one.
        if let emoji, TTF_GlyphIsProvided32(emoji, first) != 0, first >= 0x2000 { return nil }
        for (i, f) in fallbacks.enumerated() where TTF_GlyphIsProvided32(f, first) != 0 { return i + 1 }
        if let emoji, TTF_GlyphIsProvided32(emoji, first) != 0 { return nil }
        return 0
    }

    /// Consecutive characters grouped by the font that draws them.
    func runs(_ s: String) -> [Run] {
        guard emoji != nil || !fallbacks.isEmpty else { return [.text(s, font: 0)] }
        var out: [Run] = []
        var current = ""
        var currentSource: Int?? = .none
        func flush() {
            guard !current.isEmpty, case let .some(src) = currentSource else { return }
            out.append(src.map { .text(current, font: $0) } ?? .emoji(current))
            current = ""
        }
        for ch in s {
            let src = source(of: ch)
            if case let .some(cur) = currentSource, cur != src { flush() }
            currentSource = .some(src)
            current.append(ch)
        }
        flush()
        return out
    }

    func fontFor(_ index: Int) -> OpaquePointer {
        index == 0 ? font : fallbacks[index - 1]
    }

    /// Width in pixels of a run as it will be drawn.
    func width(_ run: Run) -> Int32 {
        var w: Int32 = 0, h: Int32 = 0
        switch run {
        case let .text(t, index):
            TTF_SizeUTF8(fontFor(index), t, &w, &h)
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
        if rs.count == 1, case let .text(t, 0) = rs[0] { return TTF_RenderUTF8_Blended(font, t, color) }
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
            case let .text(t, index): src = TTF_RenderUTF8_Blended(fontFor(index), t, color)
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
