import ModelFormats

/// GPT-2's byte-to-character map: every byte becomes one printable character, so a byte-level
/// vocabulary is a list of ordinary strings ("Ġthe" is " the").
///
/// Printable Latin-1 bytes (! to ~, ¡ to ¬, ® to ÿ) stand for themselves; the other 68 bytes
/// take U+0100 onwards in byte order (space, 0x20, becomes Ġ, U+0120).
public enum ByteLevel {
    public static let characters: [Unicode.Scalar] = {
        var direct = Set<Int>()
        for r in [0x21...0x7E, 0xA1...0xAC, 0xAE...0xFF] { direct.formUnion(r) }
        var next = 0x100
        return (0..<256).map { b in
            if direct.contains(b) { return Unicode.Scalar(UInt8(b)) }
            defer { next += 1 }
            return Unicode.Scalar(UInt32(next)) ?? "?"
        }
    }()

    /// The inverse map, character value → byte.
    static let bytes: [UInt32: UInt8] = {
        var d: [UInt32: UInt8] = [:]
        for (b, c) in characters.enumerated() { d[c.value] = UInt8(b) }
        return d
    }()

    /// The mapped string of some UTF-8 bytes.
    public static func encode<S: Sequence>(_ utf8: S) -> String where S.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in utf8 { s.append(characters[Int(b)]) }
        return String(s)
    }

    /// The bytes a vocabulary string stands for; nil if it holds a character outside the map.
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        for c in token.unicodeScalars {
            guard let b = bytes[c.value] else { return nil }
            out.append(b)
        }
        return out
    }

    /// A token as a lecturer reads it: a space as ␣, a newline as ↵, a tab as ⇥, and bytes that
    /// are not whole UTF-8 characters on their own (one emoji is often three tokens) as ⟨0xE2⟩.
    public static func readable(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let len = sequenceLength(bytes, at: i)
            if len == 0 {
                out += "⟨0x" + hex(bytes[i]) + "⟩"
                i += 1
                continue
            }
            let s = String(decoding: bytes[i..<(i + len)], as: UTF8.self)
            switch s {
            case " ": out += "␣"
            case "\n": out += "↵"
            case "\t": out += "⇥"
            case "\r": out += "⏎"
            default:
                if let c = s.unicodeScalars.first, c.value < 0x20 || c.value == 0x7F {
                    out += "⟨0x" + hex(bytes[i]) + "⟩"
                } else {
                    out += s
                }
            }
            i += len
        }
        return out
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 if none starts there.
    static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        let len: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: len = 2
        case 0xE0...0xEF: len = 3
        case 0xF0...0xF4: len = 4
        default: return 0
        }
        guard i + len <= b.count else { return 0 }
        for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return 0 }
        let second = b[i + 1]
        if lead == 0xE0 && second < 0xA0 { return 0 }
        if lead == 0xED && second > 0x9F { return 0 }
        if lead == 0xF0 && second < 0x90 { return 0 }
        if lead == 0xF4 && second > 0x8F { return 0 }
        return len
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}
