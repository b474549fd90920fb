import AttentionCore

extension AppState {
    /// Moves the explained key, remembering where the walk came from.
    mutating func stepKey(_ delta: Int) {
        let n = trace?.tokenCount ?? 1
        let next = max(0, min(selection.key + delta, n - 1))
        guard next != selection.key else { return }
        explain.previousKey = selection.key
        explain.keyChangedAt = time
        selection.key = next
    }

    /// Moves the selected query, within the tokens.
    mutating func stepQuery(_ delta: Int) {
        selection.query = max(0, min(selection.query + delta, max(0, (trace?.tokenCount ?? 1) - 1)))
    }

    /// Ctrl+click: adds a query to the summed selection, or takes it out again.
    mutating func toggleQuery(_ q: Int) {
        guard q < (trace?.tokenCount ?? 0) else { return }
        var set = Set(selection.queries)
        if set.contains(q) { set.remove(q) } else { set.insert(q) }
        if set.isEmpty == false && selection.queries.isEmpty && !set.contains(selection.query) && q != selection.query {
            // The first Ctrl+click adds to the query already selected.
            set.insert(selection.query)
        }
        selection.queries = set.sorted()
        if let summary = summedAttention() {
            let top = summary.top.map { "\($0.token) \(formatted($0.weight, decimals: 2))" }.joined(separator: ", ")
            flash("Σ over \(selection.queries.count) queries: most attended keys \(top)", error: false)
        }
    }

    /// The summed attention (of the summary heatmap) of the Ctrl+clicked queries, per key.
    public func summedAttention() -> (sums: [Float], top: [(token: String, weight: Float)])? {
        guard let t = trace, !selection.queries.isEmpty else { return nil }
        let n = t.tokenCount
        var sums = [Float](repeating: 0, count: n)
        for q in selection.queries where q < n { for j in 0..<n { sums[j] += t.average[q, j] } }
        let order = (0..<n).sorted { sums[$0] > sums[$1] || (sums[$0] == sums[$1] && $0 < $1) }
        return (sums, order.prefix(3).map { (t.tokens[$0], sums[$0]) })
    }
}

extension AppState {
    /// The keys that move the selected query, key and head.
    mutating func perform(_ command: SelectionCommand) -> [Effect] {
        let heads = max(1, settings.heads)
        if view == .tokens, let step = lookStep(command) { return step }
        switch command {
        case .nextKey: stepKey(+1)
        case .previousKey: stepKey(-1)
        case .nextQuery: stepQuery(+1)
        case .previousQuery: stepQuery(-1)
        case .nextHead, .previousHead:
            selection.head = (selection.head + (command == .nextHead ? 1 : heads - 1)) % heads
            flash("head \(selection.head + 1) of \(settings.heads) selected", error: false)
        case .clearQueries:
            selection.queries = []
        case .toggleScalingComparison:
            explain.comparesScaling.toggle()
            flash(
                explain.comparesScaling
                    ? "explanation: scaled and unscaled side by side" : "explanation: scaled only",
                error: false)
        }
        return []
    }
}
