import AttentionCore

/// The whole app, as a value. Every frame is `scene(state, viewport)`.
public struct AppState: Equatable, Sendable {
    // MARK: Input and settings
    public var input: String
    public var mode: TokenMode
    public var settings: AttentionSettings
    /// Text removed by the last clear or word delete, restored by Ctrl+Z: nothing typed is lost.
    public var undoText: String?
    /// The head count last asked for (flag or key); d_model changes restore it when they can.
    public var requestedHeads: Int

    /// The trained model on screen, or nil for the seeded toy engine.
    public var model: ModelSession?
    /// The blinking caret after the input; off in `render` frames (a still has no cursor).
    public var showsCaret = true
    /// Whether long recomputes go to the shell's worker (the window) or run inside `reduce`
    /// (render, dump, most tests).
    public var computeInBackground = false
    /// The newest engine request, and whether its answer is still outstanding.
    public var engineGeneration = 0
    public var engineComputing = false
    /// The heatmaps show a pooled overview whose full trace has not arrived yet.
    public var traceFollows = false
    /// A request `reduce` has not yet handed out as an effect.
    var engineOutbox: EngineRequest?

    // MARK: Computed attention
    /// The trace of the current input and settings, if they are valid.
    public var trace: AttentionTrace?
    /// Why there is no trace for the current input, in one line.
    public var engineError: String?
    /// The display frame the current trace settles to (cached).
    public var target: DisplayFrame
    public var transition: Transition?

    // MARK: View
    public var viewport: Size
    public var view: ViewKind
    public var previousView: ViewKind?
    public var viewChangedAt: Double
    public var theme: Theme
    public var colormap: Colormap
    /// Auto (largest weight on screen) or fixed 0–1 colour scale (F8).
    public var colorScale: ColorScale = .auto
    public var pointer: Point?
    public var hover: HoverTarget?
    /// The query, key and head the explanation view walks through.
    public var selection: Selection
    public var showHelp: Bool
    /// Text size multiplier (Ctrl+= / Ctrl+-), for the back of the room.
    public var fontScale: Float
    /// Heatmap zoom and pan.
    public var zoom: ZoomWindow
    /// Where a pan drag last was, while the left button is held on a zoomed heatmap.
    public var dragFrom: Point?
    public var arcs: ArcOptions
    /// Shift is held: the arcs view shows a token's incoming arcs (as a key).
    public var shiftHeld: Bool
    /// Ctrl is held: a click adds a query to (or removes it from) `selection.queries`.
    public var controlHeld: Bool
    /// The explanation compares scaled with unscaled scores.
    public var explainCompare: Bool
    /// When the explained key last changed, and from which key (the walk animates).
    public var keyChangedAt: Double
    public var previousKey: Int
    public var message: Message?
    /// A lecture's cues (--cues), the one applied last (-1: none yet), its caption, and text
    /// still being typed out by a cue.
    public var cues: CueScript?
    public var cueIndex = -1
    /// With cues loaded the keyboard presents (Space, arrows, a number and Enter step the
    /// lecture; B or . blanks the screen) until the input line is clicked for typing; Esc
    /// gives the keys back to the lecture.
    public var presenting = false
    /// A frozen picture to compare with (Ctrl+F): the heatmaps show A | B | B − A.
    public var compareA: CompareSnapshot?
    /// The screen is blanked (B or .), as a clicker's blank button does.
    public var blanked = false
    /// Digits typed towards "number + Enter" while presenting.
    public var cueNumber = ""
    public var caption: String?
    public var cueTyping: CueTyping?
    /// The state before the first cue: going back rebuilds from here.
    public var cueBase: CueBase?
    /// The trained models a lecture may switch to (`model:` in a cue), by key.
    public var modelCatalog: [String: ModelInfo] = [:]
    /// The seeded engine's settings while a lecture shows a trained model (restored after).
    public var engineSettings: AttentionSettings?

    /// How wide text is in the backend's font (set once by the backend; `.estimate` until then).
    public var textWidths: TextWidths = .estimate

    // MARK: Clock
    /// Seconds since the app started, advanced only by `.tick`.
    public var time: Double

    public struct Selection: Equatable, Sendable {
        public var query: Int
        public var key: Int
        public var head: Int
        /// Queries picked with Ctrl+click, in ascending order: their attention is shown summed.
        public var queries: [Int] = []
        public init(query: Int = 0, key: Int = 0, head: Int = 0) {
            self.query = query
            self.key = key
            self.head = head
        }
    }

    /// A new app showing `input`; the opening animation starts at time 0.
    public init(
        input: String, mode: TokenMode = .auto, settings: AttentionSettings = .lecture,
        viewport: Size = Size(1280, 720), view: ViewKind = .heatmaps,
        theme: Theme = .dark, colormap: Colormap = .viridis, model: ModelSession? = nil,
        computeInBackground: Bool = false
    ) {
        self.model = model
        self.computeInBackground = computeInBackground
        self.input = input
        self.mode = mode
        self.settings = settings
        self.undoText = nil
        self.requestedHeads = settings.heads
        self.trace = nil
        self.engineError = nil
        self.target = .empty
        self.transition = nil
        self.viewport = viewport
        self.view = view
        self.previousView = nil
        self.viewChangedAt = -100
        self.theme = theme
        self.colormap = colormap
        self.pointer = nil
        self.hover = nil
        self.selection = Selection()
        self.showHelp = false
        self.fontScale = 1
        self.zoom = ZoomWindow()
        self.dragFrom = nil
        self.arcs = ArcOptions()
        self.shiftHeld = false
        self.controlHeld = false
        self.explainCompare = false
        self.keyChangedAt = -100
        self.previousKey = 0
        self.message = nil
        self.time = 0
        recompute(duration: Durations.grow, stagger: Durations.openingStagger)
    }

    /// The frame on screen now: the target, or a blend on its way there.
    public var displayed: DisplayFrame {
        guard let t = transition else { return target }
        let slots = max(t.from.n, target.n)
        if time >= t.end(slots: slots) { return target }
        let p = Easing.progress(now: time, start: t.start, duration: t.duration + t.stagger * Double(max(0, slots - 1)))
        var frame = DisplayFrame.blend(t.from, target, Easing.inOutCubic(p))
        if t.stagger > 0 {
            // Each token grows on its own clock, one after another.
            for i in 0..<frame.n {
                let e = Easing.inOutCubic(
                    Easing.progress(now: time, start: t.start + t.stagger * Double(i), duration: t.duration))
                let sa: Float = i < t.from.n ? t.from.sizes[i] : 0
                let sb: Float = i < target.n ? target.sizes[i] : 0
                frame.sizes[i] = sa + (sb - sa) * e
            }
        }
        return frame
    }

    /// How many tokens the picture shows and how they were read: a long input's overview comes
    /// before its trace, so for the seeded engine the picture says, not the trace.
    public var shownTokens: (count: Int, mode: TokenMode) {
        if model == nil && target.n > 0 { return (target.tokenCount, target.mode) }
        return (trace?.tokenCount ?? 0, trace?.mode ?? mode)
    }

    /// Whether anything is still moving (the backend may idle when not).
    public var isAnimating: Bool {
        if cueTyping != nil { return true }
        if let t = transition, time < t.end(slots: max(t.from.n, target.n)) { return true }
        if let m = message, time < m.until { return true }
        if let session = model, session.previousOverview != nil, time < session.answeredAt + Durations.morph {
            return true
        }
        return time < viewChangedAt + Durations.viewFade
    }

    /// Re-runs the engine for the current input and settings and retargets the animation.
    mutating func recompute(duration: Double = Durations.morph, stagger: Double = 0) {
        if model != nil {
            requestModel()
            return
        }
        engineGeneration += 1
        let tokenized = Tokenizer.tokenize(input, mode: mode)
        if computeInBackground, case .success(let t) = tokenized,
            t.tokens.count * t.tokens.count * max(1, settings.heads) > EngineRunner.asyncCells
        {
            // Too slow for a frame: the old picture stays (the input line already shows the
            // new text) until the worker answers.
            engineOutbox = EngineRequest(
                generation: engineGeneration, text: input, mode: mode, settings: settings, tokenization: t)
            engineComputing = true
            return
        }
        engineOutbox = nil
        engineComputing = false
        let from = displayed
        show(
            tokenized.mapError(AttentionError.tokenization)
                .flatMap { AttentionEngine.run(tokenization: $0, settings: settings) }
                .map { ($0, DisplayFrame(trace: $0)) })
        retarget(from: from, duration: duration, stagger: stagger)
    }

    /// A new trace (or why there is none) becomes the target; the caller animates to it.
    mutating func show(_ outcome: Result<(AttentionTrace, DisplayFrame), AttentionError>) {
        switch outcome {
        case .success((let trace, let frame)):
            self.trace = trace
            engineError = nil
            target = frame
            clampSelection()
        case .failure(.emptyInput):
            trace = nil
            engineError = nil
            target = .empty
        case .failure(let error):
            // Keep the last valid attention on screen; the error line says why it is stale.
            engineError = error.description
        }
    }

    /// Animates from `from` to the current target and drops what no longer exists.
    mutating func retarget(from: DisplayFrame, duration: Double, stagger: Double) {
        zoom.clamp(target.n)
        if !DisplayFrame.morphs(from: from, to: target) {
            transition = nil
        } else if from != target {
            let n = max(from.n, target.n)
            // The whole opening stays within Durations.opening however long the sentence.
            let step = n > 1 ? min(stagger, (Durations.opening - duration) / Double(n - 1)) : 0
            transition = Transition(from: from, start: time, duration: duration, stagger: max(0, step))
        }
        if let h = hover, case .cell(let head, let q, let k) = h,
            q >= target.n || k >= target.n || (head ?? 0) >= max(1, target.heads.count)
        {
            hover = nil
        }
    }

    mutating func clampSelection() {
        let n = trace?.tokenCount ?? 0
        selection.query = max(0, min(selection.query, n - 1))
        selection.key = max(0, min(selection.key, n - 1))
        selection.head = max(0, min(selection.head, settings.heads - 1))
        selection.queries.removeAll { $0 >= n }
    }

    /// Asks the shell for a forward pass of the trained model (an empty input needs none).
    mutating func requestModel() {
        guard var session = model else { return }
        session.generation += 1
        if input.allSatisfy(\.isWhitespace) {
            session.outbox = nil
            session.computing = false
            // Nothing to show: the last answer (every layer's attention) is not kept alive.
            session.output = nil
            session.previousOverview = nil
            model = session
            let from = displayed
            trace = nil
            engineError = nil
            target = .empty
            retarget(from: from, duration: Durations.morph, stagger: 0)
            return
        }
        session.outbox = ModelRequest(
            generation: session.generation, text: input, layer: session.layer, hideSpecial: session.hideSpecial,
            model: session.info.key)
        session.computing = true
        model = session
    }

    /// Takes the effects that state changes outside `reduce` left behind (the opening request).
    public mutating func pendingEffects() -> [Effect] {
        var effects: [Effect] = []
        if let request = model?.outbox {
            model?.outbox = nil
            effects.append(.computeModel(request))
        }
        if let request = engineOutbox {
            engineOutbox = nil
            effects.append(.computeEngine(request))
        }
        return effects
    }

    /// The worker's trace of a long input: shown like a recompute done in place.
    mutating func apply(_ result: EngineResult) {
        guard model == nil, result.generation == engineGeneration else { return }
        engineComputing = false
        if case .computed(let trace, let frame) = result.outcome, traceFollows, frame == target {
            // The trace behind the overview already on screen: nothing moves.
            traceFollows = false
            self.trace = trace
            clampSelection()
            return
        }
        let from = displayed
        traceFollows = false
        switch result.outcome {
        case .computed(let trace, let frame): show(.success((trace, frame)))
        case .overview(let frame):
            // The heatmaps are current; the trace (inspector, explanation) is on its way.
            engineError = nil
            target = frame
            traceFollows = true
        case .failed(let error): show(.failure(error))
        }
        retarget(from: from, duration: Durations.morph, stagger: 0)
    }

    /// A forward pass came back: show it, animating from what was on screen.
    mutating func apply(_ result: ModelResult) {
        guard var session = model, result.generation == session.generation, result.model == session.info.key else {
            return
        }
        session.computing = false
        switch result.outcome {
        case .failed(let reason):
            model = session
            engineError = reason
        case .computed(let output):
            let opening = target.n == 0
            session.previousOverview = session.output?.overview
            session.answeredAt = time
            session.output = output
            model = session
            let from = displayed
            trace = output.shown
            settings = output.shown.settings
            engineError = nil
            target = DisplayFrame(trace: output.shown)
            if output.isPair { target.segments = output.segments }
            if !output.isPair { model?.pairFilter = .all }
            target.pairFilter = model?.pairFilter ?? .all
            clampSelection()
            retarget(
                from: from, duration: opening ? Durations.grow : Durations.morph,
                stagger: opening ? Durations.openingStagger : 0)
        }
    }
}
