import AttentionCore

extension Cue {
    /// Sets the seeded engine's settings this cue names; true when it named any (the attention
    /// must then be recomputed).
    func applySettings(to settings: inout AttentionSettings, requestedHeads: inout Int) -> Bool {
        var changed = false
        if let v = dModel {
            settings.dModel = v
            changed = true
        }
        if let v = heads {
            settings.heads = v
            requestedHeads = v
            changed = true
        }
        if let v = seed {
            settings.seed = v
            changed = true
        }
        if let v = mask {
            settings.mask = v
            changed = true
        }
        if let v = temperature {
            settings.temperature = v
            changed = true
        }
        if let v = scaled {
            settings.scaleScores = v
            changed = true
        }
        if let v = positional {
            settings.positional = v
            changed = true
        }
        if let v = aggregation {
            settings.aggregation = v
            changed = true
        }
        return changed
    }
}
