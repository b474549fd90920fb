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
        /// Drawn with the main font (0) or fallback `font - 1`; `script` (an ISO 15924 tag) set
        /// for right-to-left scripts, which HarfBuzz then shapes and orders right to left.
        case text(String, font: Int, script: String? = nil)
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

    /// The right-to-left script a character belongs to (nil: left to right or neutral).
    static func rtlScript(_ ch: Character) -> String? {
        guard let v = ch.unicodeScalars.first?.value else { return nil }
        switch v {
        case 0x0590...0x05FF, 0xFB1D...0xFB4F: return "Hebr"
        case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return "Arab"
        case 0x0700...0x074F: return "Syrc"
        case 0x0780...0x07BF: return "Thaa"
        default: return nil
        }
    }

    /// Whether a character takes the direction of its neighbours (spaces, punctuation, digits
    /// between two right-to-left words stay with them).
    static func isNeutral(_ ch: Character) -> Bool {
        ch.isWhitespace || (ch.isPunctuation && ch != "(" && ch != ")") || ch.isNumber
            || ch.isSymbol && !ch.unicodeScalars.contains { $0.properties.isEmoji && $0.value > 0xFF }
    }

    /// Runs in the order they appear on screen: grouped by font and direction; each
    /// right-to-left stretch (Hebrew, Arabic, with the spaces between its words) shaped by
    /// HarfBuzz as right to left and placed as a whole, with its runs in reverse, in a
    /// left-to-right line (a small, sufficient part of the Unicode bidi algorithm for labels).
    func runs(_ s: String) -> [Run] {
        // Printable ASCII (nearly every label, and a long typed input) is all the main font's,
        // left to right: no per-character Unicode lookups.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return [.text(s, font: 0)] }
        let chars = Array(s)
        // Direction per character: neutrals between two right-to-left characters go with them.
        var script: [String?] = chars.map(TextRenderer.rtlScript)
        var i = 0
        while i < chars.count {
            guard script[i] == nil, TextRenderer.isNeutral(chars[i]) else {
                i += 1
                continue
            }
            var j = i
            while j < chars.count && script[j] == nil && TextRenderer.isNeutral(chars[j]) { j += 1 }
            if i > 0, j < chars.count, let a = script[i - 1], script[j] != nil {
                for k in i..<j { script[k] = a }
            }
            i = j
        }
        guard emoji != nil || !fallbacks.isEmpty || script.contains(where: { $0 != nil }) else {
            return [.text(s, font: 0)]
        }
        // Logical runs: same source font and same script.
        var logical: [Run] = []
        var current = ""
        var currentKey: (Int?, String?)? = nil
        func flush() {
            guard !current.isEmpty, let (src, sc) = currentKey else { return }
            logical.append(src.map { .text(current, font: $0, script: sc) } ?? .emoji(current))
            current = ""
        }
        for (k, ch) in chars.enumerated() {
            let key = (source(of: ch), script[k])
            if let cur = currentKey, cur.0 != key.0 || cur.1 != key.1 { flush() }
            currentKey = key
            current.append(ch)
        }
        flush()
        // Visual order: consecutive right-to-left runs are reversed as a block.
        var out: [Run] = []
        var block: [Run] = []
        for run in logical {
            if case .text(_, _, let sc) = run, sc != nil {
                block.append(run)
            } else {
                out += block.reversed()
                block = []
                out.append(run)
            }
        }
        out += block.reversed()
        return out
    }

    /// Sets the font's direction and script for a run (fonts are shared: set every time).
    func prepare(_ font: OpaquePointer, script: String?) {
        TTF_SetFontDirection(font, script == nil ? TTF_DIRECTION_LTR : TTF_DIRECTION_RTL)
        TTF_SetFontScriptName(font, script ?? "Zzzz")
    }

    func fontFor(_ index: Int) -> OpaquePointer {
        index == 0 ? font : fallbacks[index - 1]
    }

    /// Width in pixels of a run as it will be drawn.
    func width(_ run: Run) -> Int32 {
        var w: Int32 = 0
        var h: Int32 = 0
        switch run {
        case .text(let t, let index, let script):
            prepare(fontFor(index), script: script)
            TTF_SizeUTF8(fontFor(index), t, &w, &h)
            return w
        case .emoji(let t):
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
        if rs.count == 1, case .text(let t, 0, let script) = rs[0] {
            prepare(font, script: script)
            return TTF_RenderUTF8_Blended(font, t, color)
        }
        let total = rs.reduce(0) { $0 + width($1) }
        guard total > 0,
            let dst = SDL_CreateRGBSurfaceWithFormat(0, total, lineHeight, 32, attnviz_PIXELFORMAT_ARGB8888())
        else {
            return nil
        }
        SDL_FillRect(dst, nil, 0)
        var x: Int32 = 0
        for run in rs {
            let w = width(run)
            defer { x += w }
            let src: UnsafeMutablePointer<SDL_Surface>?
            switch run {
            case .text(let t, let index, let script):
                prepare(fontFor(index), script: script)
                src = TTF_RenderUTF8_Blended(fontFor(index), t, color)
            case .emoji(let t):
                src = emoji.flatMap { TTF_RenderUTF8_Blended($0, t, SDL_Color(r: 255, g: 255, b: 255, a: 255)) }
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
