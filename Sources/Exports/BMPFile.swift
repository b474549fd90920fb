import SafeFiles

#if canImport(Glibc)
    import Glibc
#endif

/// 24-bit BMP files (BITMAPINFOHEADER, bottom-up), written atomically.
public enum BMPFile {
    public typealias WriteError = AtomicFile.Failure

    /// The file bytes of a `width` × `height` image given as 0xAARRGGBB rows, top row first.
    public static func encode(argb pixels: [UInt32], width: Int, height: Int) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height)
        let rowBytes = (width * 3 + 3) & ~3
        let imageBytes = rowBytes * height
        let fileSize = 54 + imageBytes
        var out = [UInt8]()
        out.reserveCapacity(fileSize)
        func u16(_ v: Int) {
            out.append(UInt8(v & 0xff))
            out.append(UInt8((v >> 8) & 0xff))
        }
        func u32(_ v: Int) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> s) & 0xff)) } }
        out.append(0x42)
        out.append(0x4d)  // "BM"
        u32(fileSize)
        u16(0)
        u16(0)
        u32(54)
        u32(40)
        u32(width)
        u32(height)
        u16(1)
        u16(24)
        u32(0)
        u32(imageBytes)
        u32(2835)
        u32(2835)
        u32(0)
        u32(0)  // 72 DPI
        let padding = rowBytes - width * 3
        for y in stride(from: height - 1, through: 0, by: -1) {
            for x in 0..<width {
                let p = pixels[y * width + x]
                out.append(UInt8(p & 0xff))
                out.append(UInt8((p >> 8) & 0xff))
                out.append(UInt8((p >> 16) & 0xff))
            }
            for _ in 0..<padding { out.append(0) }
        }
        return out
    }

    /// Writes the image atomically (see `AtomicFile`); `what` names it in errors.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, what: String = "image") throws(WriteError) {
        try AtomicFile.write(bytes, to: path, what: what)
    }
}
