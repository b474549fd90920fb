import AttentionCore

extension AppState {
    /// The seeded engine's settings keys: the settings change, the attention follows.
    mutating func perform(_ command: SettingsCommand) {
        var feature = EngineSettingsState(settings: settings, requestedHeads: requestedHeads, mode: input.mode)
        let change = feature.perform(command, tokenCount: trace?.tokenCount)
        settings = feature.settings
        requestedHeads = feature.requestedHeads
        input.mode = feature.mode
        if change.recompute { recompute() }
        flash(change.message, error: false)
    }
}
