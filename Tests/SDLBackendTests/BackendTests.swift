import AppShell
import CSDL2
import Exports
import Foundation
import TestSupport
import Testing
import VisualizerModel

@testable import SDLBackend

@Suite("BMP and screenshots")
struct BMPTests {
    @Test("BMP header, size and pixel format are valid and the pixels round-trip")
    func bmpValid() throws {
        let w = 5
        let h = 3
        let px = (0..<(w * h)).map { UInt32(0xff00_0000) | UInt32($0 * 0x010203) }
        let bytes = BMPFile.encode(argb: px, width: w, height: h)
        #expect(bytes[0] == 0x42 && bytes[1] == 0x4d)
        let rowBytes = (w * 3 + 3) & ~3
        #expect(bytes.count == 54 + rowBytes * h)
        let img = try BMPImage(bytes: bytes)
        #expect(img.width == w && img.height == h && img.bitsPerPixel == 24)
        #expect(img.pixels == px)
    }

    @Test("a rendered frame written by the app decodes to the size asked for")
    func renderedFile() throws {
        let dir = NSTemporaryDirectory() + "attnviz-bmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = AppState(input: "a b c", viewport: Size(320, 200))
        _ = reduce(&s, .tick(seconds: 2))
        let r = try HeadlessRenderer(width: 320, height: 200, fontPath: GoldenTests.fontPath)
        let result = Screenshot.save(argb: r.render(scene(s)), width: 320, height: 200, dir: dir, now: 1_700_000_000)
        let path = try result.get()
        let img = try BMPImage(contentsOf: path)
        #expect(img.width == 320 && img.height == 200)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [(path as NSString).lastPathComponent])
    }

    @Test("a screenshot into an unwritable folder fails with a readable error and leaves no file")
    func unwritable() throws {
        let px = [UInt32](repeating: 0xff00_0000, count: 4)
        for dir in ["/nonexistent-attnviz-dir/x", "/proc/self"] {
            let result = Screenshot.save(argb: px, width: 2, height: 2, dir: dir, now: 0)
            guard case .failure(let error) = result else {
                Issue.record("saving into \(dir) should fail")
                continue
            }
            #expect(error.description.contains(dir))
        }
        // A regular file where the folder should be.
        let file = NSTemporaryDirectory() + "attnviz-notadir-\(getpid())"
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: BMPFile.WriteError.self) {
            try Screenshot.save(argb: px, width: 2, height: 2, dir: file, now: 0).get()
        }
    }

    @Test("screenshot names are stamped and never overwrite: -2, -3 follow")
    func naming() {
        var taken: Set<String> = []
        var names: [String] = []
        for _ in 0..<3 {
            let p = Screenshot.nextPath(in: "/shots/", at: 0) { taken.contains($0) }
            taken.insert(p)
            names.append((p as NSString).lastPathComponent)
        }
        #expect(
            names[0].hasPrefix("attnviz-") && names[0].hasSuffix(".bmp")
                && names[0].count == "attnviz-YYYYMMDD-HHMMSS.bmp".count)
        #expect(names[1] == names[0].replacingOccurrences(of: ".bmp", with: "-2.bmp"))
        #expect(names[2] == names[0].replacingOccurrences(of: ".bmp", with: "-3.bmp"))
    }
}

@Suite("Backend")
struct BackendTests {
    @Test("a heatmap tile that did not change is not uploaded again; one that did is, and shows")
    func heatmapUploads() throws {
        let r = try HeadlessRenderer(width: 64, height: 32, fontPath: GoldenTests.fontPath)
        let red = [UInt32](repeating: 0xffff_0000, count: 16)
        let blue = [UInt32](repeating: 0xff00_00ff, count: 16)
        let left = Rect(x: 0, y: 0, width: 32, height: 32)
        let right = Rect(x: 32, y: 0, width: 32, height: 32)
        func frame(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
            r.render([.heatmap(left, columns: 4, rows: 4, pixels: a), .heatmap(right, columns: 4, rows: 4, pixels: b)])
        }
        var px = frame(red, blue)
        #expect(r.scene.heatmapUploads == 2)
        px = frame(red.map { $0 }, blue.map { $0 })  // equal pixels in other arrays
        #expect(r.scene.heatmapUploads == 2)
        #expect(px[16 * 64 + 8] & 0xff_ffff == 0xff_0000 && px[16 * 64 + 40] & 0xff_ffff == 0x00_00ff)
        px = frame(blue, red)  // swapped: both textures change
        #expect(r.scene.heatmapUploads == 4)
        #expect(px[16 * 64 + 8] & 0xff_ffff == 0x00_00ff && px[16 * 64 + 40] & 0xff_ffff == 0xff_0000)
        // A fade changes the opacity, not the pixels: nothing is uploaded, the tile shows at half.
        px = r.render([
            .fillRect(Rect(x: 0, y: 0, width: 64, height: 32), RGBA(0, 0, 0)),
            .heatmap(left, columns: 4, rows: 4, pixels: blue, opacity: 0.5),
            .heatmap(right, columns: 4, rows: 4, pixels: red, opacity: 0.5),
        ])
        #expect(r.scene.heatmapUploads == 4)
        let half = Int(px[16 * 64 + 40] >> 16 & 0xff)
        #expect(abs(half - 128) <= 2 && px[16 * 64 + 8] & 0xff < 0xff, "red at half opacity over black: \(half)")
    }

    @Test("a fading heatmap is written to SVG at its opacity")
    func svgOpacity() {
        let red = [UInt32](repeating: 0xffff_0000, count: 4)
        let r = Rect(x: 0, y: 0, width: 10, height: 10)
        let faded = SVGWriter.document(
            [.heatmap(r, columns: 2, rows: 2, pixels: red, opacity: 0.25)], width: 10, height: 10, text: .estimate)
        let plain = SVGWriter.document(
            [.heatmap(r, columns: 2, rows: 2, pixels: red)], width: 10, height: 10, text: .estimate)
        #expect(faded.contains("<g opacity=\"0.25\">") && !plain.contains("opacity=\""))
        #expect(plain.contains("<rect x=\"0\" y=\"0\" width=\"5\""))
        #expect(
            !SVGWriter.document(
                [.heatmap(r, columns: 2, rows: 2, pixels: red, opacity: 0)], width: 10, height: 10, text: .estimate
            ).contains("<rect x=\"0\" y=\"0\" width=\"5\""))
    }

    @Test("Mesa's CPU rasterizers are recognised by their GL_RENDERER names; GPUs are not")
    func softwareGLNames() {
        for name in ["llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Software Rasterizer", "swrast"] {
            #expect(RendererChoice.isSoftwareGL(name), "\(name)")
        }
        for name in [
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6)",
            "NVIDIA GeForce RTX 3060/PCIe/SSE2", "virgl (llvmpipe)", "",
        ] {
            #expect(!RendererChoice.isSoftwareGL(name), "\(name)")
        }
    }

    @Test("a GPU is looked for as /dev/dri or /dev/nvidiactl, and its absence is seen")
    func gpuDevices() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-dev-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        #expect(!RendererChoice.gpuDevicePresent(root: root.path))
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("dri"), withIntermediateDirectories: true)
        #expect(RendererChoice.gpuDevicePresent(root: root.path))
        try FileManager.default.removeItem(at: root.appendingPathComponent("dri"))
        #expect(FileManager.default.createFile(atPath: root.appendingPathComponent("nvidiactl").path, contents: nil))
        #expect(RendererChoice.gpuDevicePresent(root: root.path))
    }

    @Test("the text texture cache stays within its bound")
    func textCacheBound() throws {
        let r = try HeadlessRenderer(width: 200, height: 100, fontPath: GoldenTests.fontPath)
        let small = try SceneRenderer(renderer: r.renderer, fontPath: GoldenTests.fontPath, textCacheCapacity: 16)
        for i in 0..<200 {
            small.replay([.text(TextItem("label \(i)", at: Point(0, 0), size: 14, color: RGBA(255, 255, 255)))])
            #expect(small.cachedTextCount <= 16)
        }
    }

    @Test("a missing font is a clear error, not a crash")
    func missingFont() {
        #expect(
            FontLocator.locate(explicit: "/no/such/font.ttf")
                == .failure(.notReadable("/no/such/font.ttf", reason: "no such file")))
        #expect(throws: SDLError.self) { try HeadlessRenderer(width: 10, height: 10, fontPath: "/etc/hostname") }
    }

    @Test("text wider than its limit is ellipsized to fit")
    func ellipsis() throws {
        try SDLRuntime.initTTF()
        let fonts = try FontCache(path: GoldenTests.fontPath)
        let font = try #require(fonts.font(size: 14, bold: false))
        let shaper = TextRenderer(font: font, emoji: fonts.emoji)
        let long = "a very long token that cannot possibly fit 👍🏽"
        let fitted = TextCache.fit(long, with: shaper, maxWidth: 80)
        #expect(fitted.hasSuffix("…"))
        #expect(shaper.measure(fitted) <= 80)
        #expect(TextCache.fit("ok", with: shaper, maxWidth: 80) == "ok")
    }

    @Test("emoji the text font lacks are drawn in colour from the emoji font, at the line height")
    func colourEmoji() throws {
        try SDLRuntime.initTTF()
        let fonts = try FontCache(path: GoldenTests.fontPath)
        let emoji = try #require(fonts.emoji, "fonts-noto-color-emoji is installed by make deps")
        let shaper = TextRenderer(font: try #require(fonts.font(size: 20, bold: false)), emoji: emoji)
        #expect(shaper.runs("ok 👍 ok") == [.text("ok ", font: 0), .emoji("👍"), .text(" ok", font: 0)])
        let cjk = TextRenderer(
            font: try #require(fonts.font(size: 20, bold: false)), emoji: emoji, fallbacks: fonts.fallbacks(size: 20))
        #expect(!cjk.fallbacks.isEmpty, "fonts-droid-fallback is installed by make deps")
        #expect(cjk.runs("a猫👍") == [.text("a", font: 0), .text("猫", font: 1), .emoji("👍")])
        let surface = try #require(shaper.render("a👍b", color: SDL_Color(r: 255, g: 255, b: 255, a: 255)))
        defer { SDL_FreeSurface(surface) }
        #expect(surface.pointee.h == shaper.lineHeight)
        // Some pixel of the emoji is a saturated (non-grey) colour: the thumb is yellow.
        let px = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        var coloured = false
        for i in 0..<(Int(surface.pointee.pitch) / 4 * Int(surface.pointee.h)) {
            let p = px[i]
            let r = Int((p >> 16) & 0xff)
            let g = Int((p >> 8) & 0xff)
            let b = Int(p & 0xff)
            if p >> 24 > 200 && r > 180 && g > 120 && b < 100 {
                coloured = true
                break
            }
        }
        #expect(coloured)
    }

    @Test("emoji and combining marks render without trouble")
    func unicodeText() throws {
        let r = try HeadlessRenderer(width: 200, height: 50, fontPath: GoldenTests.fontPath)
        let px = r.render([
            .text(TextItem("e\u{0301}te\u{0301} 👨‍👩‍👧 猫", at: Point(2, 2), size: 16, color: RGBA(255, 255, 255)))
        ])
        #expect(px.contains { $0 & 0x00ff_ffff != 0 })
    }
}
