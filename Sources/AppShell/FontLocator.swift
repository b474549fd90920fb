import SafeFiles

#if canImport(Glibc)
    import Glibc
#endif

/// Finds a TrueType font: an explicit path, then fontconfig, then known Debian paths.
public enum FontLocator {
    public static let knownPaths = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ]

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notReadable(String, reason: String)
        case noneFound

        public var description: String {
            switch self {
            case .notReadable(let p, let reason):
                return
                    "font '\(p.count > 120 ? String(p.prefix(119)) + "…" : p)' cannot be used: \(reason) (check the --font path)"
            case .noneFound:
                return
                    "no font found (tried fontconfig and \(FontLocator.knownPaths[0])); install fonts-dejavu-core or pass --font PATH"
            }
        }
    }

    /// The regular font file to use.
    public static func locate(explicit: String?) -> Result<String, Failure> {
        if let path = explicit {
            // Opened without blocking and checked to be a regular file: SDL_ttf would wait forever on a FIFO.
            if let problem = RegularFile.check(path) {
                return .failure(.notReadable(path, reason: problem.description))
            }
            return .success(path)
        }
        if let p = knownPaths.first(where: isReadable) { return .success(p) }
        if let p = fontconfigMatch("sans-serif:style=Book"), isReadable(p), p.hasSuffix(".ttf") || p.hasSuffix(".otf") {
            return .success(p)
        }
        return .failure(.noneFound)
    }

    /// A colour emoji font, if one is installed (Debian: fonts-noto-color-emoji).
    public static func emojiPath() -> String? {
        ["/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", "/usr/share/fonts/noto/NotoColorEmoji.ttf"].first(
            where: isReadable)
    }

    /// Outline fallbacks for other scripts, if installed: Debian's fonts-droid-fallback for
    /// Chinese and Japanese, fonts-nanum for Hangul (Debian's Droid fallback has none).
    public static func fallbackPaths() -> [String] {
        [
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        ].filter(isReadable)
    }

    /// The bold sibling of a DejaVu/Liberation font, if it exists; else the font itself.
    public static func boldVariant(of path: String) -> String {
        let candidates = [
            path.replacingSuffix(".ttf", with: "-Bold.ttf"),
            path.replacingSuffix("-Regular.ttf", with: "-Bold.ttf"),
        ]
        return candidates.first { $0 != path && isReadable($0) } ?? path
    }

    static func isReadable(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// `fc-match -f %{file} PATTERN`, when fontconfig's tools are installed.
    static func fontconfigMatch(_ pattern: String) -> String? {
        guard access("/usr/bin/fc-match", X_OK) == 0,
            let pipe = popen("/usr/bin/fc-match -f '%{file}' '\(pattern)' 2>/dev/null", "r")
        else {
            return nil
        }
        defer { pclose(pipe) }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard fgets(&buffer, Int32(buffer.count), pipe) != nil else { return nil }
        let s = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return s.isEmpty ? nil : s
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with other: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + other : self
    }
}
