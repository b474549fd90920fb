/// A value as it may appear in one error line: a 1 MiB token or path is cut, not quoted whole.
public func shortened(_ s: String, limit: Int = 80) -> String {
    s.count <= limit ? s : String(s.prefix(max(1, limit - 1))) + "…"
}

/// `s` safe for one terminal line: control characters (ESC, BEL, NUL, line breaks, DEL, C1)
/// written as `\x1b`, so a file's bytes cannot move the cursor, ring, end a C string early or
/// split a listing line.
public func escapingControls(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: isControlScalar) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        if isControlScalar(u) {
            let hex = String(u.value, radix: 16)
            out.append(
                contentsOf: (u.value > 0xFF ? "\\u{\(hex)}" : "\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
        } else {
            out.append(u)
        }
    }
    return String(out)
}

private func isControlScalar(_ u: Unicode.Scalar) -> Bool {
    u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
}
