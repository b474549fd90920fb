#if canImport(Glibc)
    import Glibc
#endif

/// Screenshot file names: attnviz-YYYYMMDD-HHMMSS[-N].bmp, never overwriting.
public enum Screenshot {
    /// A path in `dir` that does not exist yet, stamped with the local time `seconds`.
    public static func nextPath(
        in dir: String, at seconds: Int, ext: String = "bmp", exists: (String) -> Bool = fileExists
    ) -> String {
        var t = time_t(seconds)
        var tmv = tm()
        localtime_r(&t, &tmv)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp =
            "\(tmv.tm_year + 1900)\(two(tmv.tm_mon + 1))\(two(tmv.tm_mday))-\(two(tmv.tm_hour))\(two(tmv.tm_min))\(two(tmv.tm_sec))"
        let base = (dir.hasSuffix("/") ? String(dir.dropLast()) : dir) + "/attnviz-" + stamp
        var path = base + "." + ext
        var n = 1
        while exists(path) {
            n += 1
            path = base + "-\(n)." + ext
        }
        return path
    }

    /// Writes the frame's display list as SVG next to the BMP screenshots.
    public static func saveSVG(_ svg: String, dir: String, now: Int) -> Result<String, BMPFile.WriteError> {
        let path = nextPath(in: dir, at: now, ext: "svg")
        do {
            try BMPFile.writeAtomically(Array(svg.utf8), to: path, what: "SVG")
            return .success(path)
        } catch {
            return .failure(error)
        }
    }

    public static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Encodes and writes a frame; the error says where and why in one line.
    public static func save(argb: [UInt32], width: Int, height: Int, dir: String, now: Int) -> Result<
        String, BMPFile.WriteError
    > {
        let path = nextPath(in: dir, at: now)
        do {
            try BMPFile.writeAtomically(
                BMPFile.encode(argb: argb, width: width, height: height), to: path, what: "screenshot")
            return .success(path)
        } catch {
            return .failure(error)
        }
    }
}
