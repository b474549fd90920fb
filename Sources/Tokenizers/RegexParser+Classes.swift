import AttentionCore
import ModelFormats

// MARK: - Escapes and classes

extension RegexParser {
    /// After a backslash: a class (`\s`, `\p{L}`), a control character, a code point, or the
    /// punctuation itself.
    mutating func escape(ignoringCase: Bool) throws(ModelError) -> ScalarSet {
        guard let item = try escapedItem(ignoringCase: ignoringCase) else { throw refusal("a '\\' at the end") }
        return ScalarSet(items: item)
    }

    /// The items of one escape, as a class holds them.
    mutating func escapedItem(ignoringCase: Bool) throws(ModelError) -> [ScalarSet.Item]? {
        guard let c = next() else { return nil }
        switch c {
        case "s": return [.space]
        case "S": return [.not([.space])]
        case "d": return [.digit]
        case "D": return [.not([.digit])]
        case "w": return [.word]
        case "W": return [.not([.word])]
        case "p", "P":
            var name = ""
            if take("{") {
                while let n = next(), n != "}" { name.unicodeScalars.append(n) }
            } else if let n = next() {
                name = String(n)
            }
            let negated = name.hasPrefix("^") != (c == "P")
            guard let cats = ScalarSet.category(named: name.hasPrefix("^") ? String(name.dropFirst()) : name) else {
                throw refusal("the property \\p{\(shortened(name, limit: 20))}")
            }
            return negated ? [.not([.category(cats)])] : [.category(cats)]
        case "n": return [.range(0x0A, 0x0A)]
        case "r": return [.range(0x0D, 0x0D)]
        case "t": return [.range(0x09, 0x09)]
        case "f": return [.range(0x0C, 0x0C)]
        case "v": return [.range(0x0B, 0x0B)]
        case "e": return [.range(0x1B, 0x1B)]
        case "a": return [.range(0x07, 0x07)]
        case "0": return [.range(0, 0)]
        case "x", "u":
            guard let v = try codePoint(fixed: c == "u" ? 4 : 2) else { throw refusal("a bad \\\(c) escape") }
            return [.range(v, v)]
        default:
            guard !c.properties.isAlphabetic && !("1"..."9").contains(c) else {
                throw refusal("the escape \\\(c)")
            }
            return ScalarSet.scalar(c, ignoringCase: ignoringCase).items
        }
    }

    /// `\xHH`, `\x{H…}`, `\uHHHH`: a Unicode scalar value.
    mutating func codePoint(fixed: Int) throws(ModelError) -> UInt32? {
        var digits = ""
        if take("{") {
            while let n = next(), n != "}" { digits.unicodeScalars.append(n) }
        } else {
            for _ in 0..<fixed { if let n = next() { digits.unicodeScalars.append(n) } }
        }
        guard digits.count <= 8, let v = UInt32(digits, radix: 16), Unicode.Scalar(v) != nil else { return nil }
        return v
    }

    /// `[...]` after its `[`: ranges, escapes, properties, `^` negation.
    mutating func bracket(ignoringCase: Bool, depth: Int) throws(ModelError) -> ScalarSet {
        var set = ScalarSet(items: [])
        if take("^") { set.negated = true }
        var first = true
        while true {
            guard let c = next() else { throw refusal("an unclosed '['") }
            if c == "]" && !first { break }
            first = false
            if c == "[" { throw refusal("a nested class or [:name:]") }
            if c == "&" && peek == "&" { throw refusal("a class intersection (&&)") }
            var low = c
            if c == "\\" {
                guard let items = try escapedItem(ignoringCase: ignoringCase) else { throw refusal("an unclosed '['") }
                guard items.count == 1, case .range(let lo, let hi) = items[0], lo == hi, let u = Unicode.Scalar(lo)
                else {
                    set.items += items
                    continue
                }
                low = u
            }
            // A range a-z, unless the '-' is last.
            if peek == "-", i + 1 < scalars.count, scalars[i + 1] != "]" {
                i += 1
                guard var high = next() else { throw refusal("an unclosed '['") }
                if high == "\\" {
                    guard let items = try escapedItem(ignoringCase: false), items.count == 1,
                        case .range(let lo, _) = items[0], let u = Unicode.Scalar(lo)
                    else { throw refusal("a range ending in a class") }
                    high = u
                }
                guard low.value <= high.value else { throw refusal("a range out of order") }
                set.items.append(.range(low.value, high.value))
                if ignoringCase { set.items += Self.caseVariants(low.value...high.value) }
                continue
            }
            set.items += ScalarSet.scalar(low, ignoringCase: ignoringCase).items
        }
        return set
    }

    /// Other-case letters of an ASCII range (what `(?i:[a-z])` adds).
    static func caseVariants(_ r: ClosedRange<UInt32>) -> [ScalarSet.Item] {
        var out: [ScalarSet.Item] = []
        if r.overlaps(0x61...0x7A) {
            let lower = r.clamped(to: 0x61...0x7A)
            out.append(.range(lower.lowerBound - 32, lower.upperBound - 32))
        }
        if r.overlaps(0x41...0x5A) {
            let upper = r.clamped(to: 0x41...0x5A)
            out.append(.range(upper.lowerBound + 32, upper.upperBound + 32))
        }
        return out
    }
}
