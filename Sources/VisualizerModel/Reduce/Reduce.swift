import AttentionCore

/// Limits that keep a live session responsive whatever is typed or pasted.
public enum InputLimits {
    /// Characters of input kept; beyond it, typing is refused with a message (nothing is dropped).
    public static let maxCharacters = 200_000
    public static let maxDModel = 512
}

/// The pure update: apply one action, return the effects the model cannot perform itself.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    reduceAction(&state, action) + state.pendingEffects()
}

func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .textTyped(let text):
        if state.presenting && state.cues != nil {
            state.presentText(text)
            return []
        }
        var clean = ""
        for ch in text {
            if ch.isNewline || ch == "\t" {
                clean.append(" ")
            } else if ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                clean.append(ch)
            }
        }
        guard !clean.isEmpty else { return [] }
        // A cue still typing finishes first: the person's keys come after it, not in between.
        state.finishCueTyping()
        if state.input.count + clean.count > InputLimits.maxCharacters {
            state.flash(
                "the input is limited to \(InputLimits.maxCharacters) characters; nothing was added", error: true)
            return []
        }
        state.input += clean
        state.recompute()
        state.retireMessage()
        return []

    case .keyPressed(let key, let mods):
        // A presentation clicker sends PageDown / PageUp: with cues loaded they step the lecture.
        if state.cues != nil && mods.isEmpty && (key == .pageDown || key == .pageUp) {
            state.step(key == .pageDown ? 1 : -1)
            return []
        }
        if state.presentKey(key, mods) { return [] }
        if key == .escape && state.cues != nil && !state.presenting {
            state.presenting = true
            state.flash("presenting: Space / → next cue, ← back, number + Enter jumps, B blanks", error: false)
            return []
        }
        guard let command = KeyBindings.command(for: key, mods, in: state.view) else { return [] }
        return state.perform(command)

    case .pointerMoved(let x, let y):
        guard x.isFinite, y.isFinite else { return [] }
        if let from = state.dragFrom {
            state.pan(dx: x - from.x, dy: y - from.y)
            state.dragFrom = Point(x, y)
        }
        state.pointer = Point(x, y)
        state.hover = hitTest(state, Point(x, y))
        return []

    case .pointerPressed(let button, let x, let y, let clicks):
        guard x.isFinite, y.isFinite else { return [] }
        state.pointer = Point(x, y)
        if button == .left, state.view == .heatmaps, state.zoom.zoom > 1,
            state.summaryGrid().contains(Point(x, y)) || state.hover != nil
        {
            state.dragFrom = Point(x, y)
        }
        state.hover = hitTest(state, Point(x, y))
        if button == .left, state.cues != nil, state.presenting,
            ChromeLayout(state, metrics: Metrics(state)).input.contains(Point(x, y))
        {
            state.presenting = false
            state.flash("typing into the input; Esc gives the keys back to the lecture", error: false)
            return []
        }
        guard button == .left, let target = state.hover else { return [] }
        switch target {
        case .cell(let head, let q, let k):
            let f = state.displayed.pool
            if state.controlHeld {
                state.toggleQuery(q * f)
            } else {
                state.selection = AppState.Selection(query: q * f, key: k * f, head: head ?? state.selection.head)
            }
        case .token(let i):
            if state.controlHeld {
                state.toggleQuery(i)
            } else {
                state.selection.query = i
                state.selection.queries = []
            }
        case .keyToken(let j):
            state.selection.key = j
        case .swatch(let head):
            state.clickSwatch(head, double: clicks >= 2)
        case .matrixCell(_, let row, _):
            if row < (state.trace?.tokenCount ?? 0) { state.selection.query = row }
        case .modelTile(let layer, let tile):
            state.openModelTile(layer: layer, tile: tile)
        }
        return []

    case .pointerReleased:
        state.dragFrom = nil
        return []

    case .modifiersChanged(let mods):
        state.shiftHeld = mods.contains(.shift)
        state.controlHeld = mods.contains(.control)
        return []

    case .pointerLeft:
        state.pointer = nil
        state.hover = nil
        return []

    case .wheel(_, let dy, let mods):
        guard dy.isFinite, dy != 0 else { return [] }
        if mods.contains(.shift) {
            return state.perform(dy > 0 ? .dModelUp : .dModelDown)
        }
        if mods.contains(.control) || state.view != .heatmaps {
            return state.perform(dy > 0 ? .headsUp : .headsDown)
        }
        state.zoomBy(dy > 0 ? 1.25 : 0.8, around: state.pointer)
        return []

    case .viewportResized(let width, let height):
        guard width.isFinite, height.isFinite else { return [] }
        state.viewport = Size(max(1, width), max(1, height))
        if let p = state.pointer { state.hover = hitTest(state, p) }
        return []

    case .goToCue(let index):
        state.goToCue(index)
        return []

    case .tick(let seconds):
        guard seconds.isFinite, seconds > 0 else { return [] }
        state.time += seconds
        state.typeCueText()
        if let t = state.transition, state.time >= t.end(slots: max(t.from.n, state.target.n)) {
            state.transition = nil
        }
        if let m = state.message, state.time >= m.until { state.message = nil }
        return []

    case .showMessage(let text, let isError):
        state.flash(text, error: isError)
        return []

    case .modelComputed(let result):
        state.apply(result)
        return []

    case .engineComputed(let result):
        state.apply(result)
        return []
    }
}

extension AppState {
    mutating func flash(_ text: String, error: Bool) {
        message = Message(text: text, isError: error, until: time + Durations.message)
    }

    /// A confirmation is about the last action; typing or changing view makes it stale (errors stay).
    mutating func retireMessage() {
        if let m = message, !m.isError { message = nil }
    }

    /// Runs one command of the binding table.
    mutating func perform(_ command: Command) -> [Effect] {
        if let session = model, command.isToyOnly {
            flash(
                "fixed by the trained model \(session.info.name); Alt+Up/Down changes the layer, Ctrl+H the head",
                error: false)
            return []
        }
        switch command {
        case .layerUp, .layerDown:
            guard let session = model else {
                flash("layers belong to a trained model: start with --model DIR (make run-model)", error: false)
                return []
            }
            selectLayer(session.layer + (command == .layerDown ? 1 : -1))
        case .previousHead:
            selection.head = (selection.head + max(1, settings.heads) - 1) % max(1, settings.heads)
            flash("head \(selection.head + 1) of \(settings.heads) selected", error: false)
        case .toggleSpecial:
            guard model != nil else {
                flash("[CLS] and [SEP] belong to a trained model: start with --model DIR", error: false)
                return []
            }
            model?.hideSpecial.toggle()
            flash(
                model?.hideSpecial == true
                    ? "[CLS] and [SEP] hidden; each row renormalized over the other keys" : "[CLS] and [SEP] shown",
                error: false)
            recompute()
        case .cyclePairFilter:
            guard let session = model else {
                flash(
                    "sentence pairs belong to a trained model: start with --model DIR and write A ||| B", error: false)
                return []
            }
            guard session.output?.isPair == true else {
                flash("write two sentences separated by ' ||| ' to compare them (A→B, B→A, …)", error: false)
                return []
            }
            let all = PairFilter.allCases
            let next = all[((all.firstIndex(of: session.pairFilter) ?? 0) + 1) % all.count]
            model?.pairFilter = next
            let from = displayed
            target.pairFilter = next
            retarget(from: from, duration: Durations.morph, stagger: 0)
            flash(
                next == .all
                    ? "sentence pairs: every query and key"
                    : "sentence pairs: \(next.label), queries of \(next.label.prefix(1)) attending to keys of \(next.label.suffix(1))",
                error: false)
        case .clearQueries:
            selection.queries = []
        case .openSelected:
            if let session = model { openModelTile(layer: session.layer, tile: .head(selection.head)) }
        case .headsUp: changeHeads(up: true)
        case .headsDown: changeHeads(up: false)
        case .dModelUp: changeDModel(up: true)
        case .dModelDown: changeDModel(up: false)
        case .seedUp, .seedDown:
            settings.seed = command == .seedUp ? settings.seed &+ 1 : settings.seed &- 1
            recompute()
            flash("seed \(settings.seed)", error: false)
        case .cycleMask:
            let n = trace?.tokenCount ?? 4
            let cycle: [MaskSpec] = [
                .none, MaskSpec(causal: true, padding: 0), MaskSpec(causal: false, padding: max(1, n / 4)),
                MaskSpec(causal: true, padding: max(1, n / 4)), MaskSpec(causal: false, padding: 0, window: 2),
            ]
            let i = cycle.firstIndex(of: settings.mask) ?? (cycle.count - 1)
            settings.mask = cycle[(i + 1) % cycle.count]
            recompute()
            flash("mask: \(settings.mask.label)", error: false)
        case .paddingUp:
            let n = trace?.tokenCount ?? 1
            if settings.mask.padding < max(0, n - 1) {
                settings.mask.padding += 1
                recompute()
                flash(
                    "padding: the last \(settings.mask.padding) key\(settings.mask.padding == 1 ? " is" : "s are") PAD",
                    error: false)
            } else {
                flash("padding is already n-1 = \(max(0, n - 1)): every query keeps one real key", error: false)
            }
        case .paddingDown:
            if settings.mask.padding > 0 {
                settings.mask.padding -= 1
                recompute()
            }
            flash(
                settings.mask.padding == 0
                    ? "padding off"
                    : "padding: the last \(settings.mask.padding) key\(settings.mask.padding == 1 ? " is" : "s are") PAD",
                error: false)
        case .windowUp:
            guard settings.mask.window < AttentionLimits.maxTokens else {
                flash("the window already spans every token (\(settings.mask.window))", error: false)
                return []
            }
            settings.mask.window += 1
            recompute()
            flash(
                "sliding window \(settings.mask.window): query i sees keys j with |i − j| < \(settings.mask.window)",
                error: false)
        case .windowDown:
            if settings.mask.window > 0 {
                settings.mask.window -= 1
                recompute()
            }
            flash(
                settings.mask.window == 0
                    ? "sliding window off"
                    : "sliding window \(settings.mask.window): query i sees keys j with |i − j| < \(settings.mask.window)",
                error: false)
        case .cycleMode:
            let modes = TokenMode.allCases
            mode = modes[((modes.firstIndex(of: mode) ?? 0) + 1) % modes.count]
            recompute()
            flash("tokens: \(mode.rawValue)", error: false)
        case .togglePositional:
            settings.positional.toggle()
            recompute()
            flash("positional encoding \(settings.positional ? "on" : "off")", error: false)
        case .temperatureUp, .temperatureDown:
            settings.temperature = Temperature.step(from: settings.temperature, up: command == .temperatureUp)
            recompute()
            flash(
                "temperature T = \(format(settings.temperature, settings.temperature < 1 ? 3 : 2))"
                    + (settings.temperature == 1
                        ? " (the transformer's own)"
                        : settings.temperature > 1 ? " (flatter softmax)" : " (sharper softmax)"),
                error: false)
        case .toggleScaling:
            settings.scaleScores.toggle()
            recompute()
            flash(
                settings.scaleScores ? "scores divided by √d_k" : "scores not divided by √d_k (what-if)", error: false)
        case .toggleAggregation:
            settings.aggregation = settings.aggregation == .mean ? .max : .mean
            recompute()
            flash("summary: \(settings.aggregation == .mean ? "mean" : "max") of the heads", error: false)
        case .resetWhatIfs:
            settings.temperature = 1
            settings.scaleScores = true
            settings.mask.window = 0
            settings.positional = false
            settings.aggregation = .mean
            recompute()
            flash(
                "what-ifs reset: T = 1, scaled by √d_k, no window, no positional encoding, mean of heads", error: false)
        case .nextView, .previousView:
            let all = ViewKind.allCases.filter { $0 != .model || model != nil }
            let i = all.firstIndex(of: view) ?? 0
            switchView(to: all[(i + (command == .nextView ? 1 : all.count - 1)) % all.count])
        case .showView(let v):
            if v == .model && model == nil {
                flash("the model view needs a trained model: start with --model DIR (make run-model)", error: false)
                return []
            }
            switchView(to: v)
        case .nextKey: stepKey(+1)
        case .previousKey: stepKey(-1)
        case .arcThresholdUp, .arcThresholdDown:
            let step: Float = command == .arcThresholdUp ? 0.05 : -0.05
            arcs.minWeight = min(0.9, max(0, ((arcs.minWeight + step) * 100).rounded() / 100))
            flash("arcs: weights ≥ \(format(arcs.minWeight, 2))", error: false)
        case .arcTopKUp, .arcTopKDown:
            arcs.topK = min(64, max(0, arcs.topK + (command == .arcTopKUp ? 1 : -1)))
            flash(
                arcs.topK == 0
                    ? "arcs: every key per query" : "arcs: top \(arcs.topK) key\(arcs.topK == 1 ? "" : "s") per query",
                error: false)
        case .toggleArcAverage:
            arcs.average.toggle()
            flash(arcs.average ? "arcs: average of the heads" : "arcs: one colour per head", error: false)
        case .toggleExplainCompare:
            explainCompare.toggle()
            flash(
                explainCompare ? "explanation: scaled and unscaled side by side" : "explanation: scaled only",
                error: false)
        case .fontBigger, .fontSmaller, .fontReset:
            fontScale =
                command == .fontReset
                ? 1 : min(2.5, max(0.8, ((fontScale + (command == .fontBigger ? 0.1 : -0.1)) * 10).rounded() / 10))
            flash("text size ×\(format(fontScale, 1))", error: false)
        case .zoomIn, .zoomOut:
            zoomBy(command == .zoomIn ? 1.25 : 0.8, around: nil)
            flash(
                zoom.zoom > 1.0001
                    ? "zoom ×\(format(zoom.zoom, 2)) (Home shows everything)" : "zoom: the whole heatmap", error: false)
        case .zoomReset:
            zoom = ZoomWindow()
            flash("zoom: the whole heatmap", error: false)
        case .nextQuery: selection.query = min(selection.query + 1, max(0, (trace?.tokenCount ?? 1) - 1))
        case .previousQuery: selection.query = max(selection.query - 1, 0)
        case .nextHead:
            selection.head = (selection.head + 1) % max(1, settings.heads)
            flash("head \(selection.head + 1) of \(settings.heads) selected", error: false)
        case .cycleTheme:
            let i = Theme.all.firstIndex { $0.name == theme.name } ?? 0
            theme = Theme.all[(i + 1) % Theme.all.count]
            flash("theme: \(theme.name)", error: false)
        case .toggleColorScale:
            colorScale = colorScale == .auto ? .fixed : .auto
            flash(
                colorScale == .auto
                    ? "colour scale: auto, top = largest weight on screen" : "colour scale: fixed, 0 to 1", error: false
            )
        case .toggleArcLayout:
            arcs.layout = arcs.layout == .line ? .columns : .line
            flash(
                arcs.layout == .line ? "arcs: one line of tokens" : "arcs: queries on the left, keys on the right",
                error: false)
        case .cycleColormap:
            let maps = Colormap.sequential
            colormap = maps[((maps.firstIndex(of: colormap) ?? 0) + 1) % maps.count]
            flash("colour map: \(colormap.rawValue)", error: false)
        case .backspace:
            guard !input.isEmpty else { return [] }
            input.removeLast()
            recompute()
            retireMessage()
        case .deleteWord:
            guard !input.isEmpty else { return [] }
            var s = input
            while let c = s.last, c.isWhitespace { s.removeLast() }
            while let c = s.last, !c.isWhitespace { s.removeLast() }
            undoText = input
            input = s
            recompute()
        case .clearInput:
            guard !input.isEmpty else { return [] }
            undoText = input
            input = ""
            recompute()
            flash("input cleared; Ctrl+Z brings it back", error: false)
        case .undo:
            guard let u = undoText else { return [] }
            undoText = input
            input = u
            recompute()
            flash("input restored; Ctrl+Z again undoes this", error: false)
        case .paste: return [.pasteFromClipboard]
        case .help: showHelp.toggle()
        case .closeOverlay:
            showHelp = false
            hover = nil
        case .fullscreen: return [.toggleFullscreen]
        case .screenshot: return [.takeScreenshot]
        case .screenshotSVG: return [.exportSVG]
        case .toggleCompare: toggleCompare()
        case .quit: return [.quit]
        }
        return []
    }

    /// The summary tile's grid, where zoom and pan are measured.
    func summaryGrid() -> Rect {
        let m = Metrics(self)
        let layout = HeatmapLayout(content: ChromeLayout(self, metrics: m).content, frame: displayed, metrics: m)
        return layout.tiles[0].grid
    }

    /// The grid under `p` (any tile), or the summary tile's.
    func gridUnder(_ p: Point?) -> Rect {
        let m = Metrics(self)
        let layout = HeatmapLayout(content: ChromeLayout(self, metrics: m).content, frame: displayed, metrics: m)
        if let p, let t = layout.tiles.first(where: { $0.grid.contains(p) }) { return t.grid }
        return layout.tiles[0].grid
    }

    /// Zooms the heatmaps by `factor`, keeping the slot under `point` (or the centre) in place.
    mutating func zoomBy(_ factor: Float, around point: Point?) {
        let n = displayed.n
        guard n > 0 else { return }
        let grid = gridUnder(point)
        guard grid.width > 0 else { return }
        let p = point.flatMap { grid.contains($0) ? $0 : nil } ?? grid.center
        let fx = (p.x - grid.x) / grid.width
        let fy = (p.y - grid.y) / grid.height
        let ux = zoom.originX + fx * zoom.span(n)
        let uy = zoom.originY + fy * zoom.span(n)
        zoom.zoom = min(max(zoom.zoom * factor, 1), ZoomWindow.maxZoom)
        zoom.originX = ux - fx * zoom.span(n)
        zoom.originY = uy - fy * zoom.span(n)
        zoom.clamp(n)
        if let q = pointer { hover = hitTest(self, q) }
    }

    /// Pans a zoomed heatmap by a pointer drag of (dx, dy) pixels.
    mutating func pan(dx: Float, dy: Float) {
        let n = displayed.n
        let grid = summaryGrid()
        guard n > 0, grid.width > 0, zoom.zoom > 1 else { return }
        zoom.originX -= dx / grid.width * zoom.span(n)
        zoom.originY -= dy / grid.height * zoom.span(n)
        zoom.clamp(n)
    }

    /// Moves the explained key, remembering where the walk came from.
    mutating func stepKey(_ delta: Int) {
        let n = trace?.tokenCount ?? 1
        let next = max(0, min(selection.key + delta, n - 1))
        guard next != selection.key else { return }
        previousKey = selection.key
        keyChangedAt = time
        selection.key = next
    }

    /// A click on a legend swatch toggles that head; a double click shows it alone.
    mutating func clickSwatch(_ head: Int?, double: Bool) {
        guard let h = head else {
            arcs.average.toggle()
            return
        }
        arcs.average = false
        if double {
            arcs.hiddenHeads = Set((0..<settings.heads).filter { $0 != h })
        } else if arcs.hiddenHeads.contains(h) {
            arcs.hiddenHeads.remove(h)
        } else {
            arcs.hiddenHeads.insert(h)
        }
    }

    mutating func switchView(to v: ViewKind) {
        guard v != view else { return }
        retireMessage()
        previousView = view
        view = v
        viewChangedAt = time
        hover = pointer.flatMap { hitTest(self, $0) }
    }

    /// Ctrl+click: adds a query to the summed selection, or takes it out again.
    mutating func toggleQuery(_ q: Int) {
        guard q < (trace?.tokenCount ?? 0) else { return }
        var set = Set(selection.queries)
        if set.contains(q) { set.remove(q) } else { set.insert(q) }
        if set.isEmpty == false && selection.queries.isEmpty && !set.contains(selection.query) && q != selection.query {
            // The first Ctrl+click adds to the query already selected.
            set.insert(selection.query)
        }
        selection.queries = set.sorted()
        if let summary = summedAttention() {
            let top = summary.top.map { "\($0.token) \(format($0.weight, 2))" }.joined(separator: ", ")
            flash("Σ over \(selection.queries.count) queries: most attended keys \(top)", error: false)
        }
    }

    /// The summed attention (of the summary heatmap) of the Ctrl+clicked queries, per key.
    public func summedAttention() -> (sums: [Float], top: [(token: String, weight: Float)])? {
        guard let t = trace, !selection.queries.isEmpty else { return nil }
        let n = t.tokenCount
        var sums = [Float](repeating: 0, count: n)
        for q in selection.queries where q < n { for j in 0..<n { sums[j] += t.average[q, j] } }
        let order = (0..<n).sorted { sums[$0] > sums[$1] || (sums[$0] == sums[$1] && $0 < $1) }
        return (sums, order.prefix(3).map { (t.tokens[$0], sums[$0]) })
    }

    /// Inspects layer `l` (clamped); the full trace of that layer comes with the next answer.
    mutating func selectLayer(_ l: Int) {
        guard let session = model else { return }
        let next = max(0, min(l, session.info.layers - 1))
        guard next != session.layer else {
            flash(next == 0 ? "layer 1 is the first" : "layer \(next + 1) is the last", error: false)
            return
        }
        model?.layer = next
        flash("layer \(next + 1) of \(session.info.layers)", error: false)
        recompute()
    }

    /// A click on a model-view tile opens that layer (and head) in the heatmaps.
    mutating func openModelTile(layer: Int, tile: ModelTile) {
        if case .head(let h) = tile { selection.head = h }
        if model?.layer != layer { selectLayer(layer) }
        switchView(to: .heatmaps)
    }

    /// Heads step through the divisors of d_model, so every count is valid.
    mutating func changeHeads(up: Bool) {
        let d = settings.dModel
        let divisors = (1...d).filter { d % $0 == 0 && $0 <= 16 }
        let current = settings.heads
        let next = up ? divisors.first { $0 > current } : divisors.last { $0 < current }
        guard let h = next else {
            flash(
                up
                    ? "at most \(divisors.last ?? 1) heads for d_model \(d) (heads must divide d_model)"
                    : "at least 1 head", error: false)
            return
        }
        settings.heads = h
        requestedHeads = h
        recompute()
        flash("heads: \(h) (d_k = \(settings.dModel / h))", error: false)
    }

    mutating func changeDModel(up: Bool) {
        let d = settings.dModel
        let next = up ? d * 2 : d / 2
        guard next >= 1 && next <= InputLimits.maxDModel else {
            flash(
                up ? "d_model is at its maximum (\(InputLimits.maxDModel))" : "d_model is at its minimum (1)",
                error: false)
            return
        }
        settings.dModel = next
        // The head count the user asked for, or the nearest that divides d_model: going down to
        // d_model 1 and back up restores it.
        settings.heads = (1...max(1, min(requestedHeads, next))).last { next % $0 == 0 } ?? 1
        recompute()
        flash("d_model: \(next) (heads \(settings.heads), d_k \(next / settings.heads))", error: false)
    }
}
