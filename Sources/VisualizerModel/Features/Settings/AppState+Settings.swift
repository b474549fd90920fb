import AttentionCore

extension AppState {
    /// The seeded engine's settings keys: the settings change, the attention follows.
    mutating func perform(_ command: SettingsCommand) -> [Effect] {
        var feature = EngineSettingsState(settings: settings, requestedHeads: requestedHeads, mode: input.mode)
        let change = feature.apply(command, tokenCount: trace?.tokenCount)
        settings = feature.settings
        requestedHeads = feature.requestedHeads
        input.mode = feature.mode
        let effects = change.recompute ? recompute() : []
        flash(change.message, error: false)
        return effects
    }
}
