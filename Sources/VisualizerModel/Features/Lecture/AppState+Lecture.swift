import AttentionCore
import Decoders

extension AppState {
    /// Loads a lecture; the current state is what its cues start from. No cue is applied yet.
    public mutating func load(cues script: CueScript) {
        lecture.script = script
        lecture.index = -1
        lecture.caption = nil
        lecture.typing = nil
        lecture.presenting = true
        lecture.base = CueBase(
            input: input.text, mode: input.mode, settings: settings, view: view, theme: theme, colormap: colormap,
            colorScale: colorScale, arcs: arcs, fontScale: fontScale, selection: selection,
            layer: model?.layer, hideSpecial: model?.hideSpecial, modelInfo: model?.info)
    }

    /// The window opening on a lecture shows its first cue, not the state the cues start from
    /// (an opening step: its request joins `pendingEffects`).
    public mutating func openLecture() {
        guard lecture.script != nil, lecture.index < 0 else { return }
        opening += goToCue(0)
    }

    /// The next cue animates from here; any other is rebuilt from the base with every cue up
    /// to it applied at once.
    mutating func goToCue(_ index: Int) -> [Effect] {
        guard let script = lecture.script, let base = lecture.base else { return [] }
        guard index >= 0, index < script.cues.count else {
            flash(index < 0 ? "this is the first cue" : "that was the last cue (\(script.cues.count))", error: false)
            return []
        }
        var effects: [Effect] = []
        if lecture.index >= 0 { lecture.shownText[lecture.index] = input.text }
        if index == lecture.index + 1 {
            finishCueTyping()
            effects = apply(script.cues[index], animate: true)
        } else {
            input.text = base.input
            input.mode = base.mode
            settings = base.settings
            requestedHeads = base.settings.heads
            theme = base.theme
            colormap = base.colormap
            colorScale = base.colorScale
            arcs = base.arcs
            fontScale = base.fontScale
            selection = base.selection
            switchModel(to: base.modelInfo)
            if let l = base.layer { model?.layer = l }
            if let h = base.hideSpecial { model?.hideSpecial = h }
            // Knock-outs come from the cues: none before the first.
            model?.knockout = HeadKnockout()
            lecture.caption = nil
            lecture.typing = nil
            let view0 = view
            view = base.view
            effects += replayCues(CueReplay(next: 0, last: index, viewBefore: view0))
        }
        lecture.index = index
        message = nil
        return effects
    }

    /// Applies what one cue names; leaves everything else as it is.
    mutating func apply(_ cue: Cue, animate: Bool) -> [Effect] {
        var effects: [Effect] = []
        // Compare first: A is the picture as the previous cues left it, B what this cue makes.
        if let v = cue.compare {
            compare.frozen = nil
            if v {
                if !animate { effects += recompute() }
                effects += toggleCompare()
            }
        }
        var changed = false
        if let key = cue.model {
            // "none" is the seeded engine; any other key a model the lecture loaded.
            switchModel(to: key == "none" ? nil : lecture.modelCatalog[key])
            changed = true
        }
        if let v = cue.input {
            input.text = v
            changed = true
        }
        if let v = cue.mode {
            input.mode = v
            changed = true
        }
        if cue.applySettings(to: &settings, requestedHeads: &requestedHeads) { changed = true }
        if let v = cue.layer, model != nil {
            model?.layer = v - 1
            changed = true
        }
        if let v = cue.hideSpecial, model != nil {
            model?.hideSpecial = v
            changed = true
        }
        if let v = cue.knockout, model?.info.isDecoder == true {
            let mean = model?.knockout.mean ?? false
            model?.knockout = v
            model?.knockout.mean = mean
            changed = true
        }
        if let v = cue.scoreOrder { model?.scoreOrder = v }
        if let v = cue.ablateMean, model?.info.isDecoder == true {
            model?.knockout.mean = v
            changed = true
        }
        if let v = cue.theme { theme = v }
        if let v = cue.colormap { colormap = v }
        if let v = cue.colorScale { colorScale = v }
        if let v = cue.arcLayout { arcs.layout = v }
        if let v = cue.fontScale { fontScale = v }
        if let v = cue.query { selection.query = v - 1 }
        if let v = cue.key { selection.key = v - 1 }
        if let v = cue.queries { selection.queries = v.map { $0 - 1 } }
        if let v = cue.head { selection.head = v - 1 }
        if let v = cue.caption { lecture.caption = v.isEmpty ? nil : v }
        if let v = cue.sampleTemperature, isDecoder {
            generation.sampling.temperature = v
            changed = true
        }
        if let v = cue.zoom { zoom.zoom = v }
        if let v = cue.look { selectLook(token: v, head: cue.head != nil) }
        let shownView = cue.view ?? (cue.look != nil ? .tokens : nil)
        if animate {
            if let v = shownView { effects += switchView(to: v) }
            if changed { effects += recompute(duration: cue.transition ?? Durations.morph) }
        } else if let v = shownView {
            view = v
        }
        if let text = cue.type {
            // Typed after what is there, as a person would.
            lecture.typing = CueTyping(
                text: Array(Cue.typing(text, after: input.text)), typed: 0, speed: cue.typingSpeed ?? 10, start: time)
        }
        if let n = cue.generate { effects += startWriting(n) }
        clampSelection()
        zoom.clamp(target.n)
        return effects
    }

    /// Types the characters of the current cue that are due by now (one recompute per tick).
    mutating func typeCueText() -> [Effect] {
        guard var t = lecture.typing else { return [] }
        let due = min(t.text.count, Int(((time - t.start) * t.speed).rounded(.down)))
        guard due > t.typed else { return [] }
        input.text += String(t.text[t.typed..<due])
        t.typed = due
        lecture.typing = t.typed >= t.text.count ? nil : t
        return recompute(duration: Durations.grow)
    }

    /// Puts the rest of a cue's text in at once (stepping on before it finished).
    mutating func finishCueTyping() {
        guard let t = lecture.typing else { return }
        input.text += String(t.text[t.typed...])
        lecture.typing = nil
    }

    /// Another trained model (or none: the seeded engine); its first answer comes as usual.
    mutating func switchModel(to info: ModelInfo?) {
        guard model?.info != info else { return }
        let generation = (model?.generation ?? 0) + 1
        if let info {
            if model == nil { lecture.engineSettings = settings }
            var session = ModelSession(info: info)
            // Never a generation an answer of the previous model could carry.
            session.generation = generation
            model = session
            settings.heads = info.heads
        } else {
            model = nil
            if let saved = lecture.engineSettings { settings = saved }
            requestedHeads = settings.heads
        }
        trace = nil
        compare.frozen = nil
        selection.head = 0
        if view == .model && info == nil { view = .heatmaps }
    }

    /// Freezes the current heatmaps as A (or, when frozen, stops comparing).
    mutating func toggleCompare() -> [Effect] {
        if compare.frozen != nil {
            compare.frozen = nil
            flash("comparison off", error: false)
            return []
        }
        guard target.n > 0 else {
            flash("nothing to freeze yet: type a sequence first", error: false)
            return []
        }
        compare.frozen = CompareSnapshot(
            frame: target, parts: compareParts(), input: input.text, nextTokens: nextTokens)
        let effects = view != .heatmaps ? switchView(to: .heatmaps) : []
        flash(
            "A frozen (\(compare.frozen?.label ?? "")): change anything to see B and B − A; Ctrl+F again stops",
            error: false)
        return effects
    }

    /// What distinguishes a picture: the settings a comparison is usually about.
    func compareParts() -> [String] {
        if let session = model {
            // A decoder has no [CLS]/[SEP] to hide.
            guard !session.info.isDecoder else { return ["layer \(session.layer + 1)"] }
            return [
                "layer \(session.layer + 1)",
                session.hideSpecial ? "no \(specialNames.pair)" : "with \(specialNames.pair)",
            ]
        }
        let s = settings
        return [
            "seed \(s.seed)", "\(s.heads) heads", "mask \(s.mask.label)", "T=\(formatted(s.temperature, decimals: 2))",
            s.scaleScores ? "÷√d_k" : "unscaled", s.positional ? "positional" : "no positions", "d_model \(s.dModel)",
        ]
    }

    /// A key while presenting: its effects when the lecture used it, nil when it did not.
    mutating func presentKey(_ key: Key, _ mods: Modifiers) -> [Effect]? {
        guard lecture.presenting, lecture.script != nil, mods.isEmpty else { return nil }
        switch key {
        case .right: return step(+1)
        case .left: return step(-1)
        case .home:
            lecture.blanked = false
            return goToCue(0)
        case .end:
            lecture.blanked = false
            return goToCue((lecture.script?.cues.count ?? 1) - 1)
        case .enter:
            var effects: [Effect] = []
            if let n = Int(lecture.cueNumber), n >= 1 {
                lecture.blanked = false
                effects = goToCue(n - 1)
            }
            lecture.cueNumber = ""
            return effects
        case .backspace:
            if !lecture.cueNumber.isEmpty { lecture.cueNumber.removeLast() }
            return []
        default: return nil
        }
    }

    /// Typed text while presenting: Space steps, digits make a cue number, B or . blanks.
    mutating func presentText(_ text: String) -> [Effect] {
        var effects: [Effect] = []
        for ch in text {
            switch ch {
            case " ": effects += step(+1)
            case "b", "B", ".": lecture.blanked.toggle()
            case "0"..."9": lecture.cueNumber.append(ch)
            default:
                flash(
                    "presenting: Space / → next cue, ← back, number + Enter jumps, B blanks; click the input.text line to type",
                    error: false)
            }
        }
        return effects
    }

    mutating func step(_ delta: Int) -> [Effect] {
        lecture.blanked = false
        lecture.cueNumber = ""
        return goToCue(lecture.index + delta)
    }

    /// Whether a cue is still typing (a recording waits for it).
    public var cueSettled: Bool {
        lecture.typing == nil && !isAnimating && !engine.computing && model?.computing != true
            && lecture.replay == nil
    }
}
