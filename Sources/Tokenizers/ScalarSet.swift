import ModelFormats

/// One position of a tokenizer regex: which Unicode scalars it accepts (a literal, `.`, `\s`,
/// `\p{L}`, a bracketed class, any of them negated). Oniguruma's meanings on Unicode text.
struct ScalarSet: Sendable, Equatable {
    enum Item: Sendable, Equatable {
        case range(UInt32, UInt32)
        case category(Set<Unicode.GeneralCategory>)
        /// `\s`: White_Space.
        case space
        /// `\w`: letters, marks, decimal digits, connector punctuation.
        case word
        /// `\d`: decimal digits.
        case digit
        /// Any of `items` not matching (`\S`, `\P{L}`, `[^...]` inside a class).
        case not([Item])
    }

    var items: [Item]
    var negated = false

    static func scalar(_ u: Unicode.Scalar, ignoringCase: Bool = false) -> ScalarSet {
        guard ignoringCase else { return ScalarSet(items: [.range(u.value, u.value)]) }
        var values: Set<UInt32> = [u.value]
        for mapped in [u.properties.lowercaseMapping, u.properties.uppercaseMapping] {
            let scalars = Array(mapped.unicodeScalars)
            if scalars.count == 1 { values.insert(scalars[0].value) }
        }
        return ScalarSet(items: values.sorted().map { .range($0, $0) })
    }

    /// `.`: anything but a line feed.
    static let any = ScalarSet(items: [.range(0x0A, 0x0A)], negated: true)

    func contains(_ u: Unicode.Scalar) -> Bool {
        items.contains { Self.matches($0, u) } != negated
    }

    static func matches(_ item: Item, _ u: Unicode.Scalar) -> Bool {
        switch item {
        case .range(let lo, let hi): return (lo...hi).contains(u.value)
        case .category(let c): return c.contains(u.properties.generalCategory)
        case .space: return u.properties.isWhitespace
        case .word: return isWord(u)
        case .digit: return u.properties.generalCategory == .decimalNumber
        case .not(let inner): return !inner.contains { matches($0, u) }
        }
    }

    /// Oniguruma's `\w` on Unicode: letters, marks, numbers of every kind, connector punctuation.
    static func isWord(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
            return true
        default: return false
        }
    }

    /// The categories of `\p{NAME}`, by the one- and two-letter names and their long forms.
    static func category(named raw: String) -> Set<Unicode.GeneralCategory>? {
        let name = raw.replacingOccurrences(of: "_", with: "").lowercased()
        let groups: [String: [Unicode.GeneralCategory]] = [
            "l": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
            "letter": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
            "lu": [.uppercaseLetter], "uppercaseletter": [.uppercaseLetter],
            "ll": [.lowercaseLetter], "lowercaseletter": [.lowercaseLetter],
            "lt": [.titlecaseLetter], "titlecaseletter": [.titlecaseLetter],
            "lm": [.modifierLetter], "modifierletter": [.modifierLetter],
            "lo": [.otherLetter], "otherletter": [.otherLetter],
            "m": [.nonspacingMark, .spacingMark, .enclosingMark],
            "mark": [.nonspacingMark, .spacingMark, .enclosingMark],
            "mn": [.nonspacingMark], "mc": [.spacingMark], "me": [.enclosingMark],
            "n": [.decimalNumber, .letterNumber, .otherNumber],
            "number": [.decimalNumber, .letterNumber, .otherNumber],
            "nd": [.decimalNumber], "nl": [.letterNumber], "no": [.otherNumber],
            "p": [
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation,
            ],
            "punctuation": [
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation,
            ],
            "pc": [.connectorPunctuation], "pd": [.dashPunctuation], "ps": [.openPunctuation],
            "pe": [.closePunctuation], "pi": [.initialPunctuation], "pf": [.finalPunctuation],
            "po": [.otherPunctuation],
            "s": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
            "symbol": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
            "sm": [.mathSymbol], "sc": [.currencySymbol], "sk": [.modifierSymbol], "so": [.otherSymbol],
            "z": [.spaceSeparator, .lineSeparator, .paragraphSeparator],
            "separator": [.spaceSeparator, .lineSeparator, .paragraphSeparator],
            "zs": [.spaceSeparator], "zl": [.lineSeparator], "zp": [.paragraphSeparator],
            "c": [.control, .format, .surrogate, .privateUse, .unassigned],
            "other": [.control, .format, .surrogate, .privateUse, .unassigned],
            "cc": [.control], "cf": [.format], "cs": [.surrogate], "co": [.privateUse], "cn": [.unassigned],
        ]
        return groups[name].map(Set.init)
    }
}
