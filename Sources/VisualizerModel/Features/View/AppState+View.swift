import AttentionCore

extension AppState {
    mutating func switchView(to v: ViewKind) -> [Effect] {
        guard v != view else { return [] }
        retireMessage()
        previousView = view
        view = v
        viewChangedAt = time
        // The lens is computed only while it is shown.
        let effects = v == .lens && isDecoder && model?.output?.lens == nil ? recompute() : []
        pointer.hover = pointer.position.flatMap { hitTest(self, $0) }
        return effects
    }
}

extension AppState {
    /// Tab / Shift+Tab, F2–F6, F1 and Esc.
    mutating func perform(_ command: ViewCommand) -> [Effect] {
        switch command {
        case .next, .previous:
            let all = ViewKind.allCases.filter { ($0 != .model || model != nil) && ($0 != .lens || isDecoder) }
            let i = all.firstIndex(of: view) ?? 0
            return switchView(to: all[(i + (command == .next ? 1 : all.count - 1)) % all.count])
        case .show(let v):
            if v == .model && model == nil {
                flash("the model view needs a trained model: start with --model DIR (make run-model)", error: false)
                return []
            }
            return switchView(to: v)
        case .help:
            showHelp.toggle()
        case .closeOverlay:
            showHelp = false
            pointer.hover = nil
        }
        return []
    }
}
