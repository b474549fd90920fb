import AttentionCore

extension ExplainPage {
    /// Rows 0–3: q_i, k_j, their element-wise products and sum, and the scaling.
    mutating func drawDotProduct() {
        let tok = trace.tokens
        let dk = trace.dK
        let amax = max(ex.q.map(abs).max() ?? 1, ex.k.map(abs).max() ?? 1, 1e-6)
        // A decoder's q and k are rotated by position (RoPE) before they meet; a query head reads
        // the key/value head its group shares.
        let rope = state.model?.info.decoderBlock?.usesRoPE == true
        let group = state.model?.info.groupSize ?? 1
        label(
            0, rope ? "q_i, after RoPE" : "q_i",
            [
                "query \(ex.query + 1) “\(tok[ex.query])”, head \(ex.head + 1)",
                "query \(ex.query + 1), head \(ex.head + 1)",
            ])
        let picks = columns
        // The chosen dimensions of q and k, with how many there are in all.
        let partTails = choosesTerms ? ["… of \(dk): the dimensions of the largest products", "… of \(dk)", "…"] : nil
        vector(0, ex.q, scale: amax, picks: picks, tails: partTails)
        label(
            1, rope ? "k_j, after RoPE" : "k_j",
            rope
                ? [
                    "key \(ex.key + 1) “\(tok[ex.key])”, kv head \(ex.head / group + 1)", "key \(ex.key + 1)",
                ]
                : ["key \(ex.key + 1) “\(tok[ex.key])”", "key \(ex.key + 1)"])
        vector(1, ex.k, scale: amax, picks: picks, tails: partTails)
        label(
            2, "q_i ⊙ k_j, then Σ",
            choosesTerms
                ? ["the \(picks.count) largest of \(dk) products, then Σ", "largest products, then Σ", "products, Σ"]
                : ["element-wise products and their sum", "products and their sum", "products, Σ"])
        let sumRoom = content.maxX - cellsX - Float(picks.count) * cellW - 2 * m.pad
        // The terms not shown, summed: what is on screen adds up to Σ.
        let rest = ex.dot - picks.reduce(Float(0)) { $0 + ex.products[$1] }
        let others = ex.products.count - picks.count
        let sums: [String] =
            choosesTerms
            ? [
                "+ \(others) smaller terms (\(formatted(rest, decimals: 2))) = Σ = \(formatted(ex.dot, decimals: 3))",
                "+ \(others) smaller (\(formatted(rest, decimals: 2))) = \(formatted(ex.dot, decimals: 2))",
                "+ \(others) more = \(formatted(ex.dot, decimals: 1))", "Σ \(formatted(ex.dot, decimals: 1))", "",
            ]
            : [
                "Σ = \(formatted(ex.dot, decimals: 3))", "Σ = \(formatted(ex.dot, decimals: 2))",
                "Σ \(formatted(ex.dot, decimals: 1))", "",
            ]
        vector(
            2, ex.products, scale: max(ex.products.map(abs).max() ?? 1, 1e-6), picks: picks,
            tails: [m.fitting(sums, m.base, in: sumRoom)])
        // A model that scales by something else than √d_k (Gemma's query_pre_attn_scalar) says so.
        let root = Float(dk).squareRoot()
        let byRoot = trace.settings.scoreDivisor.map { abs($0 - root) <= 1e-4 * root } ?? true
        label(
            3, "scale",
            byRoot
                ? [
                    "d_k = \(dk), √d_k = \(formatted(ex.divisor, decimals: 3))",
                    "√d_k = \(formatted(ex.divisor, decimals: 3))",
                ] : ["d_k = \(dk), the model's divisor", "the model's divisor"])
        let divisorName = byRoot ? "√\(dk)" : "s"
        let cap = trace.settings.scoreSoftcap.map { formatted($0, decimals: 0) }
        let scaleLine =
            trace.settings.scaleScores && cap != nil
            ? "score = \(cap!)·tanh(Σ ÷ \(divisorName) ÷ \(cap!)) = \(cap!)·tanh(\(formatted(ex.dot / ex.divisor, decimals: 3)) ÷ \(cap!)) = \(formatted(ex.score, decimals: 3))"
            : trace.settings.scaleScores
                ? "score = Σ ÷ \(divisorName) = \(formatted(ex.dot, decimals: 3)) ÷ \(formatted(ex.divisor, decimals: 3)) = \(formatted(ex.score, decimals: 3))"
                : "score = Σ = \(formatted(ex.score, decimals: 3))   (unscaled: no ÷ √d_k)"
        out.append(
            .text(
                TextItem(
                    scaleLine,
                    at: Point(cellsX, content.y + 3 * stepH + m.pad * 0.4 + m.base), size: m.title, color: theme.text,
                    anchor: .centerLeft, maxWidth: cellsW)))
    }
}
