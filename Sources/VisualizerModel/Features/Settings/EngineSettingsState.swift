import AttentionCore

/// The seeded engine's settings as the keys change them: the settings, the head count last asked
/// for, and how the input is read. Its reducer (`perform`) changes nothing else; it says whether
/// the attention must be recomputed and which line confirms the change.
struct EngineSettingsState: Equatable, Sendable {
    var settings: AttentionSettings
    /// The head count last asked for (flag or key); d_model changes restore it when they can.
    var requestedHeads: Int
    var mode: TokenMode

    /// What a settings key asks of the app after changing the settings.
    struct Change: Equatable {
        var recompute: Bool
        var message: String
    }

    /// - Parameters:
    ///   - command: the key's command.
    ///   - tokenCount: the tokens on screen (the mask cycle and the padding keys depend on it).
    mutating func apply(_ command: SettingsCommand, tokenCount: Int?) -> Change {
        switch command {
        case .headsUp: return changeHeads(up: true)
        case .headsDown: return changeHeads(up: false)
        case .dModelUp: return changeDModel(up: true)
        case .dModelDown: return changeDModel(up: false)
        case .seedUp, .seedDown:
            settings.seed = command == .seedUp ? settings.seed &+ 1 : settings.seed &- 1
            return Change(recompute: true, message: "seed \(settings.seed)")
        case .mask(let mask):
            return changeMask(mask, tokenCount: tokenCount)
        case .cycleMode:
            let modes = TokenMode.allCases
            mode = modes[((modes.firstIndex(of: mode) ?? 0) + 1) % modes.count]
            return Change(recompute: true, message: "tokens: \(mode.rawValue)")
        case .togglePositional:
            settings.positional.toggle()
            return Change(recompute: true, message: "positional encoding \(settings.positional ? "on" : "off")")
        case .temperatureUp, .temperatureDown:
            settings.temperature = Temperature.step(from: settings.temperature, up: command == .temperatureUp)
            let t = settings.temperature
            let meaning = t == 1 ? " (the transformer's own)" : t > 1 ? " (flatter softmax)" : " (sharper softmax)"
            return Change(
                recompute: true, message: "temperature T = \(formatted(t, decimals: t < 1 ? 3 : 2))" + meaning)
        case .toggleScaling:
            settings.scaleScores.toggle()
            return Change(
                recompute: true,
                message: settings.scaleScores ? "scores divided by √d_k" : "scores not divided by √d_k (what-if)")
        case .toggleAggregation:
            settings.aggregation = settings.aggregation == .mean ? .max : .mean
            return Change(
                recompute: true, message: "summary: \(settings.aggregation == .mean ? "mean" : "max") of the heads")
        case .resetWhatIfs:
            settings.temperature = 1
            settings.scaleScores = true
            settings.mask.window = 0
            settings.positional = false
            settings.aggregation = .mean
            return Change(
                recompute: true,
                message: "what-ifs reset: T = 1, scaled by √d_k, no window, no positional encoding, mean of heads")
        }
    }

    /// Heads step through the divisors of d_model, so every count is valid.
    mutating func changeHeads(up: Bool) -> Change {
        let d = settings.dModel
        let divisors = (1...d).filter { d % $0 == 0 && $0 <= 16 }
        let current = settings.heads
        let next = up ? divisors.first { $0 > current } : divisors.last { $0 < current }
        guard let heads = next else {
            return Change(
                recompute: false,
                message: up
                    ? "at most \(divisors.last ?? 1) heads for d_model \(d) (heads must divide d_model)"
                    : "at least 1 head")
        }
        settings.heads = heads
        requestedHeads = heads
        return Change(recompute: true, message: "heads: \(heads) (d_k = \(settings.dModel / heads))")
    }

    /// d_model doubles or halves; the heads follow the count last asked for.
    mutating func changeDModel(up: Bool) -> Change {
        let d = settings.dModel
        let next = up ? d * 2 : d / 2
        guard next >= 1 && next <= InputLimits.maxDModel else {
            return Change(
                recompute: false,
                message: up ? "d_model is at its maximum (\(InputLimits.maxDModel))" : "d_model is at its minimum (1)")
        }
        settings.dModel = next
        // The head count the user asked for, or the nearest that divides d_model: going down to
        // d_model 1 and back up restores it.
        settings.heads = (1...max(1, min(requestedHeads, next))).last { next % $0 == 0 } ?? 1
        return Change(
            recompute: true, message: "d_model: \(next) (heads \(settings.heads), d_k \(next / settings.heads))")
    }
}
