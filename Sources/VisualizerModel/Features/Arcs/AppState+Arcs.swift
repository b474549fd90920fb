import AttentionCore

extension ArcOptions {
    /// A click on a legend swatch toggles that head; a double click shows it alone; the
    /// average's swatch (nil) switches between heads and their average.
    mutating func click(swatch head: Int?, double: Bool, heads: Int) {
        guard let h = head else {
            average.toggle()
            return
        }
        average = false
        if double {
            hiddenHeads = Set((0..<heads).filter { $0 != h })
        } else if hiddenHeads.contains(h) {
            hiddenHeads.remove(h)
        } else {
            hiddenHeads.insert(h)
        }
    }

    /// Applies a key's change; returns the line that confirms it.
    /// The options after one arcs key, and the line that says what they are now.
    mutating func apply(_ command: ArcsCommand) -> String {
        switch command {
        case .thresholdUp, .thresholdDown:
            let step: Float = command == .thresholdUp ? 0.05 : -0.05
            minWeight = min(0.9, max(0, ((minWeight + step) * 100).rounded() / 100))
            return "arcs: weights ≥ \(formatted(minWeight, decimals: 2))"
        case .topKUp, .topKDown:
            topK = min(64, max(0, topK + (command == .topKUp ? 1 : -1)))
            return topK == 0 ? "arcs: every key per query" : "arcs: top \(topK) key\(topK == 1 ? "" : "s") per query"
        case .toggleAverage:
            average.toggle()
            return average ? "arcs: average of the heads" : "arcs: one colour per head"
        case .toggleLayout:
            layout = layout == .line ? .columns : .line
            return layout == .line ? "arcs: one line of tokens" : "arcs: queries on the left, keys on the right"
        }
    }
}

extension AppState {
    mutating func perform(_ command: ArcsCommand) -> [Effect] {
        flash(arcs.apply(command), error: false)
        return []
    }
}
