import AttentionCore

// MARK: - Formatting

/// A fixed-decimals rendering that never prints "-0.00" and never depends on the locale.
public func formatted(_ v: Float, decimals: Int) -> String {
    guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    var scale: Float = 1
    for _ in 0..<decimals { scale *= 10 }
    let r = (Double(v) * Double(scale)).rounded()
    if r == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
    let neg = r < 0
    guard abs(r) < 1e15 else { return neg ? "-big" : "big" }
    let digits = String(Int64(abs(r)))
    let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -decimals)
    let s = decimals == 0 ? padded : padded[..<cut] + "." + padded[cut...]
    return (neg ? "-" : "") + s
}

/// The last `maxCharacters` characters, with an ellipsis when cut.
func tail(_ s: String, maxCharacters: Int) -> String {
    guard s.count > maxCharacters else { return s }
    return "…" + String(s.suffix(maxCharacters - 1))
}
