import AttentionCore

extension EngineSettingsState {
    /// Ctrl+M cycles the masks; Ctrl+] / Ctrl+[ add and remove PAD keys; with Shift they widen
    /// and narrow the sliding window.
    mutating func changeMask(_ command: MaskCommand, tokenCount: Int?) -> Change {
        switch command {
        case .cycle:
            let n = tokenCount ?? 4
            let cycle: [MaskSpec] = [
                .none, MaskSpec(causal: true, padding: 0), MaskSpec(causal: false, padding: max(1, n / 4)),
                MaskSpec(causal: true, padding: max(1, n / 4)), MaskSpec(causal: false, padding: 0, window: 2),
            ]
            let i = cycle.firstIndex(of: settings.mask) ?? (cycle.count - 1)
            settings.mask = cycle[(i + 1) % cycle.count]
            return Change(recompute: true, message: "mask: \(settings.mask.label)")
        case .paddingUp:
            let n = tokenCount ?? 1
            guard settings.mask.padding < max(0, n - 1) else {
                return Change(
                    recompute: false,
                    message: "padding is already n-1 = \(max(0, n - 1)): every query keeps one real key")
            }
            settings.mask.padding += 1
            return Change(recompute: true, message: paddingLine)
        case .paddingDown:
            let changed = settings.mask.padding > 0
            if changed { settings.mask.padding -= 1 }
            return Change(recompute: changed, message: settings.mask.padding == 0 ? "padding off" : paddingLine)
        case .windowUp:
            guard settings.mask.window < AttentionLimits.maxTokens else {
                return Change(
                    recompute: false, message: "the window already spans every token (\(settings.mask.window))")
            }
            settings.mask.window += 1
            return Change(recompute: true, message: windowLine)
        case .windowDown:
            let changed = settings.mask.window > 0
            if changed { settings.mask.window -= 1 }
            return Change(recompute: changed, message: settings.mask.window == 0 ? "sliding window off" : windowLine)
        }
    }

    private var paddingLine: String {
        let p = settings.mask.padding
        return "padding: the last \(p) key\(p == 1 ? " is" : "s are") PAD"
    }

    private var windowLine: String {
        let w = settings.mask.window
        return "sliding window \(w): query i sees keys j with |i − j| < \(w)"
    }
}
