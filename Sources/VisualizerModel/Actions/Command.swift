/// What a key binding does, grouped by the feature that carries it out: `reduce` routes each
/// group to one feature file (`AppState.perform(_ command: Command)` in Reduce/Reduce.swift says
/// which).
public enum Command: Equatable, Sendable {
    /// The seeded engine's settings (a trained model fixes them).
    case settings(SettingsCommand)
    /// Editing the input line.
    case edit(EditCommand)
    /// Which view is on screen, and the overlays over it.
    case view(ViewCommand)
    /// Theme, colours and text size.
    case appearance(AppearanceCommand)
    /// The selected query, key and head.
    case selection(SelectionCommand)
    case arcs(ArcsCommand)
    case zoom(ZoomCommand)
    /// A trained model's layers, special tokens and sentence pairs.
    case model(ModelCommand)
    /// A decoder writing: the top token, a batch, the sampling temperature.
    case generation(GenerationCommand)
    /// Ctrl+F: freeze the picture as A, or stop comparing.
    case toggleCompare
    /// What the shell carries out (fullscreen, screenshots, quit).
    case app(AppCommand)

    /// Only meaningful with a trained model loaded.
    var isModelOnly: Bool {
        switch self {
        case .model, .generation, .view(.show(.model)): return true
        default: return false
        }
    }

    /// Settings of the seeded engine, which a trained model fixes.
    var isToyOnly: Bool {
        if case .settings = self { return true }
        return false
    }
}

public enum SettingsCommand: Equatable, Sendable {
    case headsUp, headsDown, dModelUp, dModelDown, seedUp, seedDown
    case mask(MaskCommand)
    case cycleMode, togglePositional
    case temperatureUp, temperatureDown, toggleScaling, toggleAggregation, resetWhatIfs
}

/// Ctrl+M and the PAD and sliding-window keys.
public enum MaskCommand: Equatable, Sendable {
    case cycle, paddingUp, paddingDown, windowUp, windowDown
}

public enum EditCommand: Equatable, Sendable {
    case backspace, deleteWord, clearInput, undo, paste
    /// The induction preset: 20 seeded words, then the same 20 again (undoable).
    case repeatPreset
}

public enum ViewCommand: Equatable, Sendable {
    case next, previous
    case show(ViewKind)
    case help, closeOverlay
}

public enum AppearanceCommand: Equatable, Sendable {
    case cycleTheme, cycleColormap, toggleColorScale
    case fontBigger, fontSmaller, fontReset
}

public enum SelectionCommand: Equatable, Sendable {
    case nextKey, previousKey, nextQuery, previousQuery, nextHead, previousHead, clearQueries
    /// The explanation view: scaled and unscaled scores side by side.
    case toggleScalingComparison
}

public enum ArcsCommand: Equatable, Sendable {
    case thresholdUp, thresholdDown, topKUp, topKDown, toggleAverage, toggleLayout
}

public enum ZoomCommand: Equatable, Sendable {
    case zoomIn, zoomOut, reset
}

public enum ModelCommand: Equatable, Sendable {
    case layerUp, layerDown, toggleSpecial, openSelected, cyclePairFilter
    /// A decoder's selected head knocked out of the forward (again: back in).
    case toggleKnockout
    /// Knocked-out heads zeroed, or replaced by their mean over the positions so far.
    case toggleAblationMode
}

public enum GenerationCommand: Equatable, Sendable {
    /// Tab: the model's top next token joins the input.
    case takeTopToken
    /// Ctrl+Enter: the model writes a batch of tokens, one at a time.
    case write
    /// Ctrl+T / Ctrl+Shift+T: the next-token sampling temperature.
    case temperatureUp, temperatureDown
}

public enum AppCommand: Equatable, Sendable {
    case fullscreen, screenshot, screenshotSVG, quit
}
