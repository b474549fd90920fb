import CSDL2
import TestSupport
import Testing
import VisualizerModel

@testable import SDLBackend

/// Korean, Hebrew, Arabic and emoji sequences as a lecturer would type them: drawn by a font
/// that has them, shaped by HarfBuzz, in the right direction.
@Suite("Scripts and shaping", .serialized)
struct ScriptTests {
    /// The renderer owns the fonts (closed when it goes): keep it alive with the shaper.
    static func shaper(size: Int = 32) throws -> (HeadlessRenderer, TextRenderer) {
        let r = try HeadlessRenderer(width: 8, height: 8, fontPath: GoldenTests.fontPath)
        let fonts = r.scene.fonts
        let font = try #require(fonts.font(size: size, bold: false))
        return (r, TextRenderer(font: font, emoji: fonts.emoji, fallbacks: fonts.fallbacks(size: size)))
    }

    @Test("Hangul comes from a fallback font that has it (no empty boxes)")
    func hangul() throws {
        let (owner, t) = try Self.shaper()
        defer { withExtendedLifetime(owner) {} }
        for ch in "안녕하세요" {
            let source = t.source(of: ch)
            #expect(source != nil && source != 0, "\(ch) drawn by the main font, which has no Hangul")
            if let i = source, i > 0 {
                #expect(TTF_GlyphIsProvided32(t.fontFor(i), ch.unicodeScalars.first!.value) != 0)
            }
        }
    }

    @Test("right-to-left words are one right-to-left run each stretch, placed as a block in a left-to-right line")
    func bidiRuns() throws {
        let (owner, t) = try Self.shaper()
        defer { withExtendedLifetime(owner) {} }
        #expect(
            t.runs("abc שלום עולם def") == [
                .text("abc ", font: 0), .text("שלום עולם", font: 0, script: "Hebr"), .text(" def", font: 0),
            ])
        // Hebrew then Arabic: one right-to-left stretch, so the Arabic run comes first on screen.
        let mixed = t.runs("שלום مرحبا")
        #expect(mixed.count == 2)
        if mixed.count == 2 {
            guard case .text(let first, _, let s1) = mixed[0], case .text(let second, _, let s2) = mixed[1] else {
                Issue.record("runs \(mixed)")
                return
            }
            #expect(first == "مرحبا" && s1 == "Arab")
            #expect(second == "שלום " && s2 == "Hebr")
        }
        #expect(t.runs("the cat") == [.text("the cat", font: 0)])
    }

    @Test("Arabic is shaped: joined letters are narrower than the same letters drawn alone")
    func arabicShaped() throws {
        let (owner, t) = try Self.shaper()
        defer { withExtendedLifetime(owner) {} }
        let word = "مرحبا"
        let joined = t.measure(word)
        let alone = word.reduce(Int32(0)) { $0 + t.measure(String($1)) }
        #expect(joined > 0 && joined < alone, "joined \(joined) px, letters alone \(alone) px")
    }

    @Test("an emoji ZWJ sequence is one glyph (the family), not three people side by side")
    func zwjFamily() throws {
        let (owner, t) = try Self.shaper()
        defer { withExtendedLifetime(owner) {} }
        let family = t.measure("👨‍👩‍👧")
        let one = t.measure("👨")
        #expect(family > 0 && family == one, "family \(family) px, one emoji \(one) px")
    }
}
