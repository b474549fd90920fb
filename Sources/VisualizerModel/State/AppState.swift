import AttentionCore

/// The whole app, as a value: the composition of the features' states. Every frame is
/// `scene(state)`; every change is `reduce(&state, action)`, which routes each action to the
/// feature it concerns (Reduce/Reduce.swift).
public struct AppState: Equatable, Sendable {
    // MARK: Input and settings
    /// The text, how it is read, and what Ctrl+Z restores.
    public var input: InputState
    public var settings: AttentionSettings
    /// The head count last asked for (flag or key); d_model changes restore it when they can.
    public var requestedHeads: Int
    /// The trained model on screen, or nil for the seeded toy engine.
    public var model: ModelSession?
    /// The model file the window is reading before anything else can show (`LoadingModel`).
    public var loading: LoadingModel?

    // MARK: Computed attention
    /// Where the seeded engine's answer stands (computing, on the worker, failed).
    public var engine: EngineStatus
    /// The trace of the current input and settings, if they are valid.
    public var trace: AttentionTrace?
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
    /// Text size multiplier (Ctrl+= / Ctrl+-), for the back of the room.
    public var fontScale: Float = 1
    public var showHelp = false
    /// How wide text is in the backend's font (set once by the backend; `.estimate` until then).
    public var textWidths: TextWidths = .estimate
    public var message: Message?

    // MARK: Features
    public var pointer = PointerState()
    /// The query, key and head the explanation view walks through.
    public var selection = Selection()
    public var explain = ExplainState()
    /// Heatmap zoom and pan.
    public var zoom = ZoomWindow()
    public var arcs = ArcOptions()
    /// The looked-at view's head (or the average).
    public var looks = LooksState()
    public var lecture = LectureState()
    public var compare = CompareState()
    /// A decoder's next-token choice and the tokens it is writing.
    public var generation = GenerationState()

    // MARK: Clock
    /// Seconds since the app started, advanced only by `.tick`.
    public var time: Double = 0
    /// The requests made while the state was built, before any action (`pendingEffects` takes
    /// them): a shell's opening steps are not actions, so they have no effects to return.
    var opening: [Effect] = []

    /// A new app showing `input`; the opening animation starts at time 0.
    /// - Parameters:
    ///   - input: the text to visualize (words or numbers).
    ///   - computeInBackground: long recomputes go to the shell's worker (the window) instead
    ///     of running inside `reduce`.
    public init(
        input: String, mode: TokenMode = .auto, settings: AttentionSettings = .lecture,
        viewport: Size = Size(1280, 720), view: ViewKind = .heatmaps,
        theme: Theme = .dark, colormap: Colormap = .viridis, model: ModelSession? = nil,
        computeInBackground: Bool = false
    ) {
        self.input = InputState(text: input, mode: mode)
        self.settings = settings
        self.requestedHeads = settings.heads
        self.model = model
        self.engine = EngineStatus(computesInBackground: computeInBackground)
        self.target = .empty
        self.viewport = viewport
        self.view = view
        self.viewChangedAt = -100
        self.theme = theme
        self.colormap = colormap
        opening = recompute(duration: Durations.grow, stagger: Durations.openingStagger)
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
        return (trace?.tokenCount ?? 0, trace?.mode ?? input.mode)
    }

    /// What an empty view says while the first answer for a typed input is on its way (a model
    /// reading a long prompt): the input is there, so "Type a sequence" would be wrong.
    public var waitingHint: String? {
        guard !input.text.isEmpty, trace == nil, target.n == 0, engine.computing || model?.computing == true
        else { return nil }
        return model.map { "\($0.info.name) is reading the input…" } ?? "computing the attention…"
    }

    /// Whether anything is still moving (the backend may idle when not).
    public var isAnimating: Bool {
        if lecture.typing != nil { return true }
        if generation.pending != nil { return true }
        if let t = transition, time < t.end(slots: max(t.from.n, target.n)) { return true }
        if let m = message, time < m.until { return true }
        if let session = model, session.previousOverview != nil, time < session.answeredAt + Durations.morph {
            return true
        }
        return time < viewChangedAt + Durations.viewFade
    }
}
