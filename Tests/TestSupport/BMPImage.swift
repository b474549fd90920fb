import Foundation

/// A decoded 24- or 32-bit uncompressed BMP, for checking what the app wrote.
public struct BMPImage: Equatable {
    public var width: Int
    public var height: Int
    public var bitsPerPixel: Int
    /// 0xFFRRGGBB, top row first.
    public var pixels: [UInt32]

    public enum DecodeError: Error, Equatable {
        case tooShort, notBMP
        case unsupported(String)
        case sizeMismatch
    }

    public init(width: Int, height: Int, pixels: [UInt32]) {
        self.width = width
        self.height = height
        self.bitsPerPixel = 24
        self.pixels = pixels
    }

    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 54 else { throw DecodeError.tooShort }
        guard bytes[0] == 0x42, bytes[1] == 0x4d else { throw DecodeError.notBMP }
        func u32(_ o: Int) -> Int {
            Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24
        }
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        guard u32(2) == bytes.count else { throw DecodeError.sizeMismatch }
        let offset = u32(10)
        let w = u32(18)
        var h = u32(22)
        let topDown = h > 0x7fff_ffff
        if topDown { h = 0x1_0000_0000 - h }
        let bpp = u16(28)
        guard u16(26) == 1, u32(30) == 0 else { throw DecodeError.unsupported("planes/compression") }
        guard bpp == 24 || bpp == 32 else { throw DecodeError.unsupported("\(bpp) bits per pixel") }
        let bytesPP = bpp / 8
        let rowBytes = (w * bytesPP + 3) & ~3
        guard offset + rowBytes * h <= bytes.count else { throw DecodeError.sizeMismatch }
        var px = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h {
            let srcRow = topDown ? y : h - 1 - y
            for x in 0..<w {
                let o = offset + srcRow * rowBytes + x * bytesPP
                px[y * w + x] = 0xff00_0000 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o])
            }
        }
        width = w
        height = h
        bitsPerPixel = bpp
        pixels = px
    }

    public init(contentsOf path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(bytes: [UInt8](data))
    }
}

/// How two images differ.
public struct ImageDiff {
    public var maxChannelDelta: Int
    public var differingPixels: Int
    /// Differing pixels in red on a dimmed copy of the expected image.
    public var diffImage: [UInt32]

    public static func compare(_ a: BMPImage, _ b: BMPImage) -> ImageDiff? {
        guard a.width == b.width, a.height == b.height else { return nil }
        var maxDelta = 0
        var count = 0
        var diff = [UInt32](repeating: 0, count: a.pixels.count)
        for i in a.pixels.indices {
            let p = a.pixels[i]
            let q = b.pixels[i]
            var d = 0
            for s in [0, 8, 16] { d = max(d, abs(Int((p >> UInt32(s)) & 0xff) - Int((q >> UInt32(s)) & 0xff))) }
            maxDelta = max(maxDelta, d)
            if d > 0 {
                count += 1
                diff[i] = 0xffff_0000
            } else {
                let g = ((p & 0xff) + ((p >> 8) & 0xff) + ((p >> 16) & 0xff)) / 12
                diff[i] = 0xff00_0000 | g << 16 | g << 8 | g
            }
        }
        return ImageDiff(maxChannelDelta: maxDelta, differingPixels: count, diffImage: diff)
    }
}

/// A named allowance for golden comparisons after an exact match fails.
public struct GoldenTolerance: Sendable {
    public var name: String
    public var maxChannelDelta: Int
    public var maxDifferingPixels: Int

    /// Anti-aliasing of text and geometry may move a few levels across SDL/FreeType patch releases.
    public static let antialiasing = GoldenTolerance(name: "antialiasing", maxChannelDelta: 48, maxDifferingPixels: 600)
}

/// Paths of the repository, from this file's location.
public enum RepoPaths {
    public static func root(file: String = #filePath) -> String {
        // .../Tests/TestSupport/BMPImage.swift → repository root
        var url = URL(fileURLWithPath: file)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    public static var artifacts: String { root() + "/artifacts" }
}

/// The built `attnviz` executable beside the running test bundle.
public enum BuiltProducts {
    public static var attnviz: String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("attnviz").path
    }
}
