/// Token labels that fit their room: whole where they fit (measured, not guessed), else cut in
/// the middle ("␣techn…ogy"), so that both ends stay and two different tokens never read the
/// same; a token that is itself dots ("...", "…"; one "." stays a full stop) is quoted, so it
/// cannot be taken for a cut.
extension TextWidths {
    /// `token` as it is drawn: quoted when it is only dots or ellipses.
    public static func distinct(_ token: String) -> String {
        // One "." is a full stop; "..", "...", "…" could be read as a cut.
        let dots = token.allSatisfy { $0 == "." || $0 == "…" }
        guard dots, token.count <= 8, token.count >= 2 || token == "…" else { return token }
        return "“" + token + "”"
    }

    /// The cuts of `s` that fit `maxWidth` at `size`, best first: the most characters kept, the
    /// prefix one longer than the suffix or equal, then the cut shifted either way. Empty when
    /// `s` fits whole (the caller keeps it) or not even "…" does.
    func middleCuts(_ s: String, size: Float, bold: Bool = false, in maxWidth: Float) -> [String] {
        let chars = Array(s)
        let table = bold ? self.bold : regular
        let em = chars.map { advance($0, table) }
        let dots = advance("…", table)
        guard chars.count > 1 else { return [] }
        func fits(_ p: Int, _ q: Int) -> Bool {
            let w = em[0..<p].reduce(0, +) + em[(chars.count - q)...].reduce(0, +) + dots
            return width(em: w, count: Float(p + q + 1), size: size) <= maxWidth
        }
        // The most characters kept, balanced; then shifted cuts of the same length.
        var kept = chars.count - 1
        while kept > 0 && !fits((kept + 1) / 2, kept / 2) { kept -= 1 }
        guard kept > 0 else { return fits(0, 0) ? ["…"] : [] }
        var out: [String] = []
        for shift in 0...kept {
            for p in [(kept + 1) / 2 + shift, (kept + 1) / 2 - shift] where p >= 0 && p <= kept {
                let q = kept - p
                guard fits(p, q) else { continue }
                let cut = String(chars[0..<p]) + "…" + String(chars[(chars.count - q)...])
                if !out.contains(cut) { out.append(cut) }
            }
            if out.count >= 6 { break }
        }
        return out
    }

    /// Labels for `tokens` in `maxWidth` each: whole when they fit, else cut in the middle, and
    /// never the same text for two different tokens while another cut of the same length exists.
    public func labels(_ tokens: [String], size: Float, bold: Bool = false, in maxWidth: Float) -> [String] {
        var owner: [String: String] = [:]
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        for token in tokens {
            let shown = Self.distinct(token)
            if fits(shown, size: size, bold: bold, in: maxWidth) {
                out.append(shown)
                owner[shown] = owner[shown] ?? token
                continue
            }
            let cuts = middleCuts(shown, size: size, bold: bold, in: maxWidth)
            let pick = cuts.first { owner[$0] == nil || owner[$0] == token } ?? cuts.first ?? ""
            owner[pick] = owner[pick] ?? token
            out.append(pick)
        }
        return out
    }
}
