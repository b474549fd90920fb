import AttentionCore

public enum KeyBindings {
    static func b(
        _ key: Key, _ mods: Modifiers = [], _ cmd: Command, _ label: String, _ help: String, view: ViewKind? = nil,
        when: BindingCondition? = nil, also: ViewKind? = nil
    ) -> KeyBinding {
        KeyBinding(
            key: key, modifiers: mods, command: cmd, label: label, help: help, view: view, when: when, alsoIn: also)
    }

    /// Delete knocks the selected head out, Shift+Delete switches knock-outs between zero and mean.
    static let knockoutHelp = "model view: knock the head out; Shift: zeroed or mean"

    /// Every binding. Typing never collides: printable keys without Ctrl are always text.
    public static let all: [KeyBinding] = [
        b(.f1, [], .view(.help), "F1", "show or hide this help"),
        b(.escape, [], .view(.closeOverlay), "Esc", "close help / clear the hover"),
        b(.backspace, [], .edit(.backspace), "Backspace", "delete the last character"),
        b(.backspace, .control, .edit(.deleteWord), "Ctrl+Backspace", "delete the last word"),
        b(.letterU, .control, .edit(.clearInput), "Ctrl+U", "clear the input (Ctrl+Z brings it back)"),
        b(.letterZ, .control, .edit(.undo), "Ctrl+Z", "undo the last clear or word delete"),
        b(.letterV, .control, .edit(.paste), "Ctrl+V", "paste text"),
        b(.up, [], .settings(.headsUp), "Up", "more heads (the next divisor of d_model)"),
        b(.down, [], .settings(.headsDown), "Down", "fewer heads"),
        b(.pageUp, [], .settings(.dModelUp), "PageUp", "double d_model"),
        b(.pageDown, [], .settings(.dModelDown), "PageDown", "halve d_model"),
        b(.right, [], .settings(.seedUp), "Right", "next seed (explain view: next key)"),
        b(.left, [], .settings(.seedDown), "Left", "previous seed (explain view: previous key)"),
        b(.right, .control, .settings(.seedUp), "Ctrl+Right", "next seed, in every view"),
        b(.left, .control, .settings(.seedDown), "Ctrl+Left", "previous seed, in every view"),
        b(
            .letterM, .control, .settings(.mask(.cycle)), "Ctrl+M",
            "mask: none, causal, padding, causal+padding, window"),
        b(.rightBracket, .control, .settings(.mask(.paddingUp)), "Ctrl+]", "one more PAD key"),
        b(.leftBracket, .control, .settings(.mask(.paddingDown)), "Ctrl+[", "one fewer PAD key"),
        b(.rightBracket, [.control, .shift], .settings(.mask(.windowUp)), "Ctrl+Shift+]", "wider sliding window"),
        b(
            .leftBracket, [.control, .shift], .settings(.mask(.windowDown)), "Ctrl+Shift+[",
            "narrower sliding window (0: off)"
        ),
        b(.letterN, .control, .settings(.cycleMode), "Ctrl+N", "tokens: auto, words, numbers"),
        b(.letterP, .control, .settings(.togglePositional), "Ctrl+P", "positional encoding on/off"),
        b(.letterT, .control, .settings(.temperatureUp), "Ctrl+T", "flatter softmax (next temperature up, to 10)"),
        b(
            .letterT, .control, .generation(.temperatureUp), "Ctrl+T",
            "a decoder: next-token temperature up (flatter bars)", when: .decoder),
        b(
            .letterT, [.control, .shift], .generation(.temperatureDown), "Ctrl+Shift+T",
            "a decoder: next-token temperature down (0 = greedy)", when: .decoder),
        b(
            .letterT, [.control, .shift], .settings(.temperatureDown), "Ctrl+Shift+T",
            "sharper softmax (next temperature down, to 0.1)"),
        b(.letterK, .control, .settings(.toggleScaling), "Ctrl+K", "divide by sqrt(d_k) on/off"),
        b(.letterG, .control, .settings(.toggleAggregation), "Ctrl+G", "summary: mean or max of heads"),
        b(
            .letterR, .control, .settings(.resetWhatIfs), "Ctrl+R",
            "reset every what-if (T, √d_k, window, positional, mean)"),
        b(.tab, [], .view(.next), "Tab", "next view"),
        b(.tab, [], .generation(.takeTopToken), "Tab", "a decoder: its top next token joins the input", when: .decoder),
        b(
            .enter, .control, .generation(.write), "Ctrl+Enter",
            "a decoder writes 16 tokens one by one (any key stops)"),
        b(.tab, .shift, .view(.previous), "Shift+Tab", "previous view"),
        b(.f2, [], .view(.show(.heatmaps)), "F2", "heatmaps view"),
        b(.f3, [], .view(.show(.arcs)), "F3", "arcs view"),
        b(.f4, [], .view(.show(.inspector)), "F4", "inspector view"),
        b(.f5, [], .view(.show(.explain)), "F5", "explanation view"),
        b(.f6, [], .view(.show(.model)), "F6", "model view: every layer and head (with --model)"),
        b(.letterW, .control, .view(.show(.tokens)), "Ctrl+W", "looked-at view: what a token looked at"),
        b(.letterL, .control, .view(.show(.lens)), "Ctrl+L", "logit lens: each layer's next-token guess (a decoder)"),
        b(
            .letterI, .control, .edit(.repeatPreset), "Ctrl+I",
            "induction preset: 20 seeded words, then the same 20"),
        b(.up, .alt, .model(.layerUp), "Alt+Up", "trained model: previous layer"),
        b(.down, .alt, .model(.layerDown), "Alt+Down", "trained model: next layer"),
        b(.up, [], .model(.layerUp), "Up", "model view: previous layer", view: .model),
        b(.down, [], .model(.layerDown), "Down", "model view: next layer", view: .model),
        b(.right, [], .selection(.nextHead), "Right", "model view: next head", view: .model),
        b(.left, [], .selection(.previousHead), "Left", "model view: previous head", view: .model),
        b(.enter, [], .model(.openSelected), "Enter", "model view: open the selected layer and head", view: .model),
        b(
            .delete, [], .model(.toggleKnockout), "Delete", Self.knockoutHelp, view: .model),
        // One help row for both (the overlay merges keys with the same words).
        b(.delete, .shift, .model(.toggleAblationMode), "Shift+Delete", Self.knockoutHelp, view: .model),
        b(.letterD, .control, .model(.toggleSpecial), "Ctrl+D", "trained model: hide [CLS]/[SEP] and renormalize"),
        b(.letterB, .control, .model(.cyclePairFilter), "Ctrl+B", "sentence pairs: show all, A→B, B→A, A→A or B→B"),
        b(.letterX, .control, .selection(.clearQueries), "Ctrl+X", "forget the Ctrl+clicked queries"),
        b(.letterF, .control, .toggleCompare, "Ctrl+F", "compare: freeze A, then see A, B and B − A (again: off)"),
        b(
            .right, [], .selection(.nextKey), "Right", "next key (looked-at view: next token)", view: .explain,
            also: .tokens),
        b(
            .left, [], .selection(.previousKey), "Left", "previous key (looked-at view: previous token)",
            view: .explain,
            also: .tokens),
        b(.down, .shift, .selection(.nextQuery), "Shift+Down", "next query (explain view)"),
        b(.up, .shift, .selection(.previousQuery), "Shift+Up", "previous query (explain view)"),
        b(.letterH, .control, .selection(.nextHead), "Ctrl+H", "next head (inspector, explanation, looked-at)"),
        b(
            .letterH, [.control, .shift], .selection(.previousHead), "Ctrl+Shift+H",
            "previous head (looked-at: the average too)"),
        b(.up, .control, .arcs(.thresholdUp), "Ctrl+Up", "arcs: raise the weight threshold"),
        b(.down, .control, .arcs(.thresholdDown), "Ctrl+Down", "arcs: lower the weight threshold"),
        b(.up, [.control, .shift], .arcs(.topKUp), "Ctrl+Shift+Up", "arcs: one more key per query (top-k)"),
        b(.down, [.control, .shift], .arcs(.topKDown), "Ctrl+Shift+Down", "arcs: one fewer key per query (0: all)"),
        b(.letterA, .control, .arcs(.toggleAverage), "Ctrl+A", "arcs: heads or their average"),
        b(.f7, [], .arcs(.toggleLayout), "F7", "arcs: one line, or queries left and keys right"),
        b(
            .letterE, .control, .selection(.toggleScalingComparison), "Ctrl+E",
            "explanation: compare scaled and unscaled"),
        b(.f9, [], .appearance(.cycleTheme), "F9", "theme: dark, light, projector"),
        b(.f10, [], .appearance(.cycleColormap), "F10", "colour map: viridis, magma, cividis, gray"),
        b(.f8, [], .appearance(.toggleColorScale), "F8", "colour scale: auto (largest weight) or fixed 0 to 1"),
        b(.equals, .control, .appearance(.fontBigger), "Ctrl+=", "larger text"),
        b(.minus, .control, .appearance(.fontSmaller), "Ctrl+-", "smaller text"),
        b(.zero, .control, .appearance(.fontReset), "Ctrl+0", "text size back to normal"),
        b(.equals, [.control, .shift], .zoom(.zoomIn), "Ctrl+Shift+=", "zoom into the heatmaps (or the wheel)"),
        b(.minus, [.control, .shift], .zoom(.zoomOut), "Ctrl+Shift+-", "zoom out of the heatmaps"),
        b(.home, [], .zoom(.reset), "Home", "show the whole heatmap again"),
        b(.f11, [], .app(.fullscreen), "F11", "fullscreen"),
        b(.f12, [], .app(.screenshot), "F12", "screenshot (BMP)"),
        b(.letterS, .control, .app(.screenshot), "Ctrl+S", "screenshot (BMP)"),
        b(
            .letterS, [.control, .shift], .app(.screenshotSVG), "Ctrl+Shift+S", "the frame as SVG (vectors, for slides)"
        ),
        b(.letterQ, .control, .app(.quit), "Ctrl+Q", "quit"),
    ]

    /// The bindings that do something with or without a trained model (the help overlay's list);
    /// with a decoder its own bindings replace the ones they shadow.
    public static func active(model: Bool, decoder: Bool = false) -> [KeyBinding] {
        let applying = all.filter { b in
            guard b.when != .decoder || decoder else { return false }
            return model ? !b.command.isToyOnly : !(b.command.isModelOnly || b.view == .model)
        }
        return applying.filter { b in
            b.when != nil || !applying.contains { $0.when != nil && $0.key == b.key && $0.modifiers == b.modifiers }
        }
    }

    /// The command for a key press in a view: view-specific bindings first, then those whose
    /// condition holds (a decoder's Tab), then the rest.
    public static func command(for key: Key, _ mods: Modifiers, in view: ViewKind, decoder: Bool = false) -> Command? {
        let matches = all.filter { $0.key == key && $0.modifiers == mods && ($0.when == nil || decoder) }
        let chosen =
            matches.first { $0.view == view || $0.alsoIn == view } ?? matches.first { $0.when != nil }
            ?? matches.first { $0.view == nil }
        return chosen?.command
    }
}
