import Foundation
import TestSupport
import Testing

/// `render --out F.svg` against `render --out F.bmp` of the same frame, through rsvg-convert.
@Suite("SVG export", .serialized)
struct SVGTests {
    static func tool(_ name: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/" + name)
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test(
        "the SVG rasterized by rsvg-convert matches the BMP of the same frame",
        arguments: [
            ["--view", "heatmaps", "--mask", "causal+padding:2"],
            ["--view", "arcs", "--theme", "light"],
            ["--view", "arcs", "--arc-layout", "columns"],
            ["--view", "inspector", "--theme", "projector"],
            ["--view", "explain", "--input", "the cat sat on the mat"],
            ["--view", "heatmaps", "--input-file", RepoPaths.root() + "/assets/samples/fibonacci.txt"],
        ])
    func matchesBitmap(_ flags: [String]) throws {
        let base = NSTemporaryDirectory() + "attnviz-svg-\(getpid())"
        defer {
            for ext in [".svg", ".bmp", "-svg.png", "-svg.bmp"] {
                try? FileManager.default.removeItem(atPath: base + ext)
            }
        }
        for ext in [".svg", ".bmp"] {
            let r = try Run(["render", "--size", "960x540", "--out", base + ext] + flags)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let svg = try String(contentsOfFile: base + ".svg", encoding: .utf8)
        #expect(
            svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.contains("font-family=\"DejaVu Sans")
                && svg.contains("<text"))
        #expect(try Self.tool("rsvg-convert", [base + ".svg", "-o", base + "-svg.png"]) == 0, "rsvg-convert failed")
        #expect(
            try Self.tool(
                "convert", [base + "-svg.png", "-background", "black", "-flatten", "BMP3:" + base + "-svg.bmp"]) == 0)
        let a = try BMPImage(contentsOf: base + ".bmp")
        let b = try BMPImage(contentsOf: base + "-svg.bmp")
        #expect(a.width == b.width && a.height == b.height)
        guard a.pixels.count == b.pixels.count else { return }
        // Text antialiasing and hinting differ between FreeType-in-SDL and librsvg by a pixel
        // here and there: compare 8 × 8 block averages, where that jitter averages out but a
        // missing, misplaced or miscoloured element (a tile, an arc, a label) does not.
        let block = 8
        let bw = a.width / block
        let bh = a.height / block
        var worst = 0
        var total = 0
        for by in 0..<bh {
            for bx in 0..<bw {
                var sa = [0, 0, 0]
                var sb = [0, 0, 0]
                for y in (by * block)..<((by + 1) * block) {
                    for x in (bx * block)..<((bx + 1) * block) {
                        let p = a.pixels[y * a.width + x]
                        let q = b.pixels[y * b.width + x]
                        for (k, shift) in [0, 8, 16].enumerated() {
                            sa[k] += Int((p >> UInt32(shift)) & 0xff)
                            sb[k] += Int((q >> UInt32(shift)) & 0xff)
                        }
                    }
                }
                let d = (0..<3).map { abs(sa[$0] - sb[$0]) / (block * block) }.max() ?? 0
                worst = max(worst, d)
                total += d
            }
        }
        let mean = Double(total) / Double(bw * bh)
        #expect(worst <= 64, "\(flags): an 8×8 block differs by \(worst) levels")
        #expect(mean <= 4, "\(flags): mean block difference \(mean) levels")
    }

    @Test("a heatmap beyond the element limit is one embedded image, not thousands of rects")
    func bigHeatmapEmbedded() throws {
        let out = NSTemporaryDirectory() + "attnviz-svg-big-\(getpid()).svg"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let words = (0..<200).map { "w\($0)" }.joined(separator: " ")
        let r = try Run(["render", "--input", words, "--out", out])
        #expect(r.status == 0)
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.contains("data:image/bmp;base64,"))
        #expect(svg.components(separatedBy: "<rect").count < 20_000)
    }
}
