/// How wide text is, so layout can choose words that fit instead of letting the backend cut
/// them to "…". The backend measures the font it draws with once (advances per character, in
/// em) and hands the table to the state; pure tests use `estimate`. A value, so the display
/// list stays a pure function of the state.
public struct TextWidths: Equatable, Sendable {
    /// Advance in em of characters measured from the font (regular and bold).
    public var regular: [Character: Float]
    public var bold: [Character: Float]
    /// The advance assumed for characters not in the table (user tokens in other scripts).
    public var otherEm: Float
    /// Wide East Asian characters and emoji.
    public var wideEm: Float

    public init(regular: [Character: Float], bold: [Character: Float], otherEm: Float = 0.7, wideEm: Float = 1.05) {
        self.regular = regular
        self.bold = bold
        self.otherEm = otherEm
        self.wideEm = wideEm
    }

    /// Characters the interface itself writes: ASCII and the symbols of its formulas and hints.
    public static let interfaceCharacters: [Character] =
        (32...126).map { Character(Unicode.Scalar(UInt8($0))) } + Array("·…×÷±√Σ⊙→←↑↓↔ᵀ²≥≤≈−Δ“”‘’—–▸▾■□●○✓⟶|")

    /// A conservative stand-in for DejaVu Sans (wider than it for nearly every character), for
    /// tests and for the moment before a font is open.
    public static let estimate: TextWidths = {
        var r: [Character: Float] = [:]
        var b: [Character: Float] = [:]
        for ch in interfaceCharacters {
            let narrow = "iljtf.,:;'|!()[] ".contains(ch)
            let wide = "mwMW@%".contains(ch)
            r[ch] = narrow ? 0.36 : (wide ? 0.95 : 0.66)
            b[ch] = narrow ? 0.42 : (wide ? 1.05 : 0.75)
        }
        return TextWidths(regular: r, bold: b)
    }()

    /// The width of `s` drawn at `size` pixels, rounded up by a small margin for hinting.
    public func width(_ s: String, size requested: Float, bold: Bool = false) -> Float {
        let table = bold ? self.bold : regular
        var em: Float = 0
        var count: Float = 0
        for ch in s {
            count += 1
            em += advance(ch, table)
        }
        return width(em: em, count: count, size: requested)
    }

    /// The longest proper prefix of `s` followed by "…" that fits in `maxWidth` ("" when not even
    /// "…" does), in one pass: widths add up character by character, so each longer prefix costs one
    /// addition (a 10,000-character word is cut as fast as a short one).
    public func prefixWithEllipsis(_ s: String, size: Float, bold: Bool = false, in maxWidth: Float) -> String {
        let table = bold ? self.bold : regular
        let ellipsis = advance("…", table)
        var em: Float = 0
        var count: Float = 0
        var end = s.startIndex
        var fitting: String.Index?
        while end < s.endIndex {
            guard width(em: em + ellipsis, count: count + 1, size: size) <= maxWidth else { break }
            fitting = end
            count += 1
            em += advance(s[end], table)
            end = s.index(after: end)
        }
        return fitting.map { String(s[..<$0]) + "…" } ?? ""
    }

    /// One character's advance in em.
    func advance(_ ch: Character, _ table: [Character: Float]) -> Float {
        if let w = table[ch] { return w }
        if let scalar = ch.unicodeScalars.first, TextWidths.isWide(scalar) { return wideEm }
        return otherEm
    }

    /// The drawn width of `count` characters of `em` advances in all.
    func width(em: Float, count: Float, size requested: Float) -> Float {
        // The backend draws at whole pixel sizes.
        let size = max(1, requested.rounded())
        // Hinting rounds each advance to whole pixels: allow a fraction of one per character.
        return em * size * 1.01 + 0.15 * count + 0.04 * size + 1
    }

    /// True when `s` fits in `maxWidth`.
    public func fits(_ s: String, size: Float, bold: Bool = false, in maxWidth: Float) -> Bool {
        width(s, size: size, bold: bold) <= maxWidth
    }

    /// The first of `choices` that fits (longest first, by design), else the last one.
    public func first(fitting choices: [String], size: Float, bold: Bool = false, in maxWidth: Float) -> String {
        choices.first { fits($0, size: size, bold: bold, in: maxWidth) } ?? choices.last ?? ""
    }

    /// `s` broken at spaces into lines no wider than `maxWidth` (a word wider than that gets a line of its own).
    public func wrap(_ s: String, size: Float, bold: Bool = false, in maxWidth: Float) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || fits(candidate, size: size, bold: bold, in: maxWidth) {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Hangul, CJK, kana, full-width forms and pictographs take about a full em.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return true
        default:
            return s.properties.isEmojiPresentation
        }
    }
}
