import AttentionCore

/// The pure update: apply one action, return the effects the model cannot perform itself.
///
/// Each action goes to the feature it concerns; a key press goes through the binding table
/// (Actions/KeyBindings.swift) to a `Command`, and `perform` hands the command to the feature
/// file that carries it out. Requests made on the way (a forward pass for the worker) come back
/// as effects with the rest.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    Effect.latest(route(&state, action))
}

/// Which feature an action concerns.
func route(_ state: inout AppState, _ action: Action) -> [Effect] {
    if state.loading != nil, let effects = state.whileLoading(action) { return effects }
    switch action {
    case .textTyped(let text):
        return state.type(text)
    case .keyPressed(let key, let mods):
        return state.press(key, mods)
    case .pointerMoved(let x, let y):
        state.pointerMoved(to: Point(x, y))
    case .pointerPressed(let button, let x, let y, let clicks):
        return state.pointerPressed(button, at: Point(x, y), clicks: clicks)
    case .pointerReleased:
        state.pointer.dragFrom = nil
    case .modifiersChanged(let mods):
        state.pointer.shiftHeld = mods.contains(.shift)
        state.pointer.controlHeld = mods.contains(.control)
    case .pointerLeft:
        state.pointer.position = nil
        state.pointer.hover = nil
    case .wheel(_, let dy, let mods):
        return state.wheel(dy: dy, mods)
    case .viewportResized(let width, let height):
        state.resize(width: width, height: height)
    case .goToCue(let index):
        return state.goToCue(index)
    case .tick(let seconds):
        return state.advance(seconds: seconds)
    case .showMessage(let text, let isError):
        state.flash(text, error: isError)
    case .modelComputed(let result):
        return state.apply(result)
    case .engineComputed(let result):
        return state.apply(result)
    case .modelLoading: break  // the model arrived before its last progress report
    }
    return []
}

extension AppState {
    /// A key press: the lecture's keys first while presenting, then the binding table.
    mutating func press(_ key: Key, _ mods: Modifiers) -> [Effect] {
        if lecture.script != nil && mods.isEmpty && (key == .pageDown || key == .pageUp) {
            // A presentation clicker sends PageDown / PageUp: with cues loaded they step the lecture.
            return step(key == .pageDown ? 1 : -1)
        }
        if let effects = presentKey(key, mods) { return effects }
        if generation.remaining > 0 {
            // Any key stops the model writing (and does nothing else).
            stopWriting()
            return []
        }
        if key == .escape && lecture.script != nil && !lecture.presenting {
            lecture.presenting = true
            flash("presenting: Space / → next cue, ← back, number + Enter jumps, B blanks", error: false)
            return []
        }
        guard let command = KeyBindings.command(for: key, mods, in: view, decoder: isDecoder) else { return [] }
        return perform(command)
    }

    /// Runs one command of the binding table in the feature it belongs to.
    mutating func perform(_ command: Command) -> [Effect] {
        if let session = model, command.isToyOnly {
            flash(
                "fixed by the trained model \(session.info.name); Alt+Up/Down changes the layer, Ctrl+H the head",
                error: false)
            return []
        }
        switch command {
        case .settings(let c): return perform(c)
        case .edit(let c): return perform(c)
        case .view(let c): return perform(c)
        case .appearance(let c): return perform(c)
        case .selection(let c): return perform(c)
        case .arcs(let c): return perform(c)
        case .zoom(let c): return perform(c)
        case .model(let c): return perform(c)
        case .generation(let c): return perform(c)
        case .toggleCompare: return toggleCompare()
        case .app(let c): return [c.effect]
        }
    }

    /// Time passes: animations advance, a cue types on, finished transitions and messages go.
    mutating func advance(seconds: Double) -> [Effect] {
        guard seconds.isFinite, seconds > 0 else { return [] }
        time += seconds
        let effects = typeCueText() + writePending()
        if let t = transition, time >= t.end(slots: max(t.from.n, target.n)) {
            transition = nil
        }
        if let m = message, time >= m.until { message = nil }
        return effects
    }

    mutating func resize(width: Float, height: Float) {
        guard width.isFinite, height.isFinite else { return }
        viewport = Size(max(1, width), max(1, height))
        if let p = pointer.position { pointer.hover = hitTest(self, p) }
    }
}

extension AppCommand {
    /// The shell carries these out; the model only asks.
    var effect: Effect {
        switch self {
        case .fullscreen: return .toggleFullscreen
        case .screenshot: return .takeScreenshot
        case .screenshotSVG: return .exportSVG
        case .quit: return .quit
        }
    }
}
