import Foundation
import TestSupport
import Testing
import VisualizerModel

@testable import Exports

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// BMP and SVG writing on their own, not only through the command line: the bytes a frame
/// becomes, what a write refuses, and the names screenshots take.
@Suite("Exports")
struct ExportsTests {
    @Test("a frame encoded as BMP decodes to the same pixels, at odd widths (row padding) too")
    func bmpRoundTrip() throws {
        var g = SeededGenerator(seed: 9)
        for (w, h) in [(1, 1), (3, 2), (17, 5), (64, 9)] {
            let pixels = (0..<(w * h)).map { _ in UInt32.random(in: 0...0xFF_FFFF, using: &g) | 0xFF00_0000 }
            let decoded = try BMPImage(bytes: BMPFile.encode(argb: pixels, width: w, height: h))
            #expect(decoded.width == w && decoded.height == h)
            #expect(decoded.pixels.map { $0 & 0xFF_FFFF } == pixels.map { $0 & 0xFF_FFFF }, "\(w)x\(h)")
        }
    }

    @Test("writing refuses a symbolic link, a FIFO and a missing folder, and leaves no temporary file")
    func refusals() throws {
        let dir = try TinyBert.scratchFolder("exports-refuse")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try "keep".write(toFile: dir + "/target.txt", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: dir + "/link.bmp", withDestinationPath: dir + "/target.txt")
        #expect(mkfifo(dir + "/fifo.bmp", 0o600) == 0)
        let bmp = BMPFile.encode(argb: [0xFF00_0000], width: 1, height: 1)
        for path in [dir + "/link.bmp", dir + "/fifo.bmp", dir + "/no/such/dir/x.bmp"] {
            #expect(throws: BMPFile.WriteError.self, "\(path)") { try BMPFile.writeAtomically(bmp, to: path) }
        }
        #expect(try String(contentsOfFile: dir + "/target.txt", encoding: .utf8) == "keep")
        let left = try fm.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["fifo.bmp", "link.bmp", "target.txt"], "\(left)")
        try BMPFile.writeAtomically(bmp, to: dir + "/ok.bmp")
        #expect(try BMPImage(contentsOf: dir + "/ok.bmp").width == 1)
    }

    @Test("screenshot names never overwrite: the same second gets -2, -3")
    func names() throws {
        var taken: Set<String> = []
        for n in 1...3 {
            let p = Screenshot.nextPath(in: "/shots/", at: 0, exists: taken.contains)
            #expect(p.hasPrefix("/shots/attnviz-") && p.hasSuffix(n == 1 ? ".bmp" : "-\(n).bmp"), "\(p)")
            taken.insert(p)
        }
        #expect(taken.count == 3)
    }

    @Test("a scene as SVG is well-formed XML with its texts escaped, and one element per drawn rectangle")
    func svg() throws {
        let state = AppState(input: "a <b> & \"c\"")
        let commands = scene(state)
        let svg = SVGWriter.document(commands, width: 640, height: 360, text: .estimate)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(svg.contains("&lt;b&gt;") && svg.contains("&amp;"))
        let rects = commands.filter {
            if case .fillRect(let r, let c) = $0 { return c.a > 0 && r.width > 0 && r.height > 0 }
            return false
        }
        #expect(!rects.isEmpty)
        #expect(svg.components(separatedBy: "<rect ").count - 1 >= rects.count + 1)
    }
}
