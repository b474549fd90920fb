import AttentionCore

/// What a key binding does.
public enum Command: Equatable, Sendable {
    case headsUp, headsDown, dModelUp, dModelDown, seedUp, seedDown
    case cycleMask, paddingUp, paddingDown, windowUp, windowDown, cycleMode, togglePositional
    case temperatureUp, temperatureDown, toggleScaling, toggleAggregation
    case nextView, previousView
    case showView(ViewKind)
    case nextKey, previousKey, nextQuery, previousQuery, nextHead
    case cycleTheme, cycleColormap, toggleColorScale, toggleArcLayout
    case fontBigger, fontSmaller, fontReset, zoomIn, zoomOut, zoomReset
    case arcThresholdUp, arcThresholdDown, arcTopKUp, arcTopKDown, toggleArcAverage, toggleExplainCompare
    case backspace, deleteWord, clearInput, undo, paste
    case help, closeOverlay, fullscreen, screenshot, screenshotSVG, quit
    case layerUp, layerDown, previousHead, toggleSpecial, openSelected, cyclePairFilter, clearQueries, resetWhatIfs,
        toggleCompare

    /// Only meaningful with a trained model loaded.
    var isModelOnly: Bool {
        switch self {
        case .layerUp, .layerDown, .toggleSpecial, .openSelected, .showView(.model), .cyclePairFilter: return true
        default: return false
        }
    }

    /// Settings of the seeded engine, which a trained model fixes.
    var isToyOnly: Bool {
        switch self {
        case .headsUp, .headsDown, .dModelUp, .dModelDown, .seedUp, .seedDown, .cycleMask, .paddingUp, .paddingDown,
            .windowUp, .windowDown, .cycleMode, .togglePositional, .temperatureUp, .temperatureDown, .toggleScaling,
            .toggleAggregation, .resetWhatIfs:
            return true
        default: return false
        }
    }
}
