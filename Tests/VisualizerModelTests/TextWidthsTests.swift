import TestSupport
import Testing

@testable import VisualizerModel

@Suite("Text widths")
struct TextWidthsTests {
    /// The cut the SVG export made before it was linear: drop a character, measure again.
    static func cutByRemeasuring(_ s: String, size: Float, bold: Bool, in limit: Float, _ w: TextWidths) -> String {
        var chars = Array(s)
        while !chars.isEmpty {
            chars.removeLast()
            let candidate = String(chars) + "…"
            if w.width(candidate, size: size, bold: bold) <= limit { return candidate }
        }
        return ""
    }

    @Test(
        "the one-pass cut is the longest prefix plus … that fits, as re-measuring every prefix finds",
        arguments: [TextWidths.estimate, TextWidths(regular: ["a": 0.5, "W": 1.2], bold: [:], otherEm: 0.8)])
    func onePassCut(_ widths: TextWidths) {
        var g = SeededGenerator(seed: 18)
        let alphabet = Array("aW il.mM 0123456789漢字😀é́-—")
        for _ in 0..<400 {
            let s = String((0..<Int.random(in: 1...60, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let size = Float(Int.random(in: 8...40, using: &g))
            let bold = Bool.random(using: &g)
            let limit = Float.random(in: 0...600, using: &g)
            #expect(
                widths.prefixWithEllipsis(s, size: size, bold: bold, in: limit)
                    == Self.cutByRemeasuring(s, size: size, bold: bold, in: limit, widths), "\(s) \(size) \(limit)")
        }
    }

    @Test("a 50,000-character word is cut to what fits, ending in …")
    func longWord() {
        let word = String(repeating: "x", count: 50_000)
        let cut = TextWidths.estimate.prefixWithEllipsis(word, size: 20, in: 300)
        #expect(cut.hasSuffix("…") && cut.count > 5 && cut.count < 60)
        #expect(TextWidths.estimate.width(cut, size: 20) <= 300)
    }
}

/// Issue 29 A.6: token labels are measured before they are cut, cut in the middle, never alike
/// for different tokens, and a token of dots is told from a cut.
@Suite("Token labels")
struct TokenLabelTests {
    let w = TextWidths.estimate

    @Test("whole when they fit; else cut in the middle, both ends kept; two tokens never read the same")
    func middleCuts() {
        let tokens = ["␣technology", "␣technical", "␣technique", "ok", "‹|im_end|›"]
        let room = w.width("␣tech…ogy", size: 14)
        let labels = w.labels(tokens, size: 14, in: room)
        #expect(labels[3] == "ok")
        #expect(Set(labels).count == labels.count, "\(labels)")
        for (t, l) in zip(tokens, labels) where l != t {
            #expect(l.contains("…") && !l.hasSuffix("…") && !l.hasPrefix("…"), "\(l) is not cut in its middle")
            #expect(t.hasPrefix(String(l.prefix { $0 != "…" })) && t.hasSuffix(String(l.split(separator: "…").last!)))
            #expect(w.width(l, size: 14) <= room)
        }
        // Room for the whole word: not cut (the "␣favou…" of a 4-token prompt).
        #expect(w.labels(["␣favourite"], size: 14, in: w.width("␣favourite", size: 14)) == ["␣favourite"])
    }

    @Test("a token that is itself dots is quoted, so it is not taken for a cut")
    func dots() {
        #expect(w.labels(["...", "…", "a.b", "."], size: 14, in: 500) == ["“...”", "“…”", "a.b", "."])
    }
}
