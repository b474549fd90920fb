/// Strict decimal numbers: what a person writes, not everything `Double.init` accepts.
///
/// Swift's `Double("0x10")` is 16 and `Double("inf")` is infinity; a lecture's "0x10" is a word
/// and "--time 0x10" a typo. Accepted: an optional sign, digits with at most one point (at least
/// one digit), and an optional exponent `e`/`E` with optional sign and digits. `nan`, `inf` and
/// hex are not decimal numbers (a too-large value such as 1e400 still parses, as infinity, so
/// callers can say it is not finite).
public enum DecimalNumber {
    public static func parse<S: StringProtocol>(_ s: S) -> Double? {
        guard isDecimal(s) else { return nil }
        return Double(String(s))
    }

    public static func isDecimal<S: StringProtocol>(_ s: S) -> Bool {
        var it = s.utf8.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
        var digits = 0
        var point = false
        while let ch = c, ch == UInt8(ascii: ".") || (ch >= 48 && ch <= 57) {
            if ch == UInt8(ascii: ".") {
                if point { return false }
                point = true
            } else {
                digits += 1
            }
            c = it.next()
        }
        guard digits > 0 else { return false }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = it.next()
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
            var exp = 0
            while let ch = c, ch >= 48 && ch <= 57 {
                exp += 1
                c = it.next()
            }
            guard exp > 0 else { return false }
        }
        return c == nil
    }
}
