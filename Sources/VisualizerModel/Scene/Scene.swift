import AttentionCore

/// Below this size the window shows only a request to be made larger.
public let minimumViewport = Size(320, 200)

/// The display list of a state: a pure function, the only way anything reaches the screen.
public func scene(_ state: AppState) -> [DrawCommand] {
    var out: [DrawCommand] = []
    let m = LayoutMetrics(state)
    let theme = state.theme
    let chrome = ChromeLayout(state, metrics: m)
    out.append(
        .fillRect(Rect(x: 0, y: 0, width: state.viewport.width, height: state.viewport.height), theme.background))
    // Too small to lay anything out legibly: say so rather than overlap.
    if state.viewport.width < minimumViewport.width || state.viewport.height < minimumViewport.height {
        out.append(.pushClip(Rect(x: 0, y: 0, width: state.viewport.width, height: state.viewport.height)))
        out.append(
            .text(
                TextItem(
                    "AttnViz: make the window larger", at: Point(state.viewport.width / 2, state.viewport.height / 2),
                    size: m.small, color: theme.text, anchor: .center, maxWidth: state.viewport.width)))
        out.append(.popClip)
        return out
    }
    if let loading = state.loading {
        drawLoading(&out, state, loading, m)
        return out
    }
    if state.lecture.blanked {
        // A clicker's blank: nothing but the background (and how to come back, barely visible).
        out.append(
            .text(
                TextItem(
                    "B", at: Point(state.viewport.width - m.pad, state.viewport.height - m.pad), size: m.small,
                    color: theme.dimText.withAlpha(0.25), anchor: .bottomRight)))
        return out
    }
    drawTitle(&out, state, chrome.title, m)
    drawInputLine(&out, state, chrome.input, m)

    out.append(.pushClip(chrome.content))
    let fade = Easing.progress(now: state.time, start: state.viewChangedAt, duration: Durations.viewFade)
    drawView(&out, state, state.view, chrome.content, m)
    if fade < 1 {
        // Cross-fade: the new view comes up from the background colour.
        out.append(.fillRect(chrome.content, theme.background.withAlpha(1 - Easing.inOutCubic(fade))))
    }
    out.append(.popClip)

    drawStatus(&out, state, chrome.status, m)
    if state.lecture.script != nil { drawCaption(&out, state, chrome, m) }
    if let hover = state.pointer.hover, state.view == .heatmaps, !state.showHelp {
        drawHeatmapTooltip(&out, state, hover, m)
    }
    if state.view == .model, !state.showHelp { drawModelTooltip(&out, state, m) }
    if state.view == .lens, !state.showHelp { drawLensTooltip(&out, state, m) }
    if state.view == .tokens, !state.showHelp { drawLooksTooltip(&out, state, m) }
    if state.showHelp { drawHelp(&out, state, m) }
    return out
}

func drawView(_ out: inout [DrawCommand], _ state: AppState, _ view: ViewKind, _ content: Rect, _ m: LayoutMetrics) {
    if state.engine.computing, state.target.n == 0, state.model == nil {
        // A long input's first picture is on its way (the window starts before it is computed).
        out.append(
            .text(
                TextItem(
                    "computing attention…", at: content.center, size: m.title, color: state.theme.dimText,
                    anchor: .center, maxWidth: content.width)))
        return
    }
    switch view {
    case .heatmaps:
        if let a = state.compare.frozen {
            drawCompare(&out, state, a, content, m)
        } else {
            drawHeatmaps(&out, state, content, m)
        }
    case .arcs: drawArcsView(&out, state, content, m)
    case .inspector: drawInspector(&out, state, content, m)
    case .explain: drawExplain(&out, state, content, m)
    case .model: drawModelView(&out, state, content, m)
    case .lens: drawLens(&out, state, content, m)
    case .tokens: drawLooks(&out, state, content, m)
    }
}

/// The formula and the live settings.
/// The title's formula: the view's, or what the loaded model's block makes of it (its norm, its
/// biases and q/k norms in the inspector, Gemma 2's soft cap on scores).
func titleFormula(_ state: AppState) -> String {
    var formula = viewFormula(state.view, settings: state.settings)
    if state.model != nil && state.view == .model { formula = modelFormula }
    if state.view == .lens, let norm = state.model?.info.decoderBlock?.norm {
        formula = formula.replacingOccurrences(of: "RMSNorm", with: norm)
    }
    if state.model != nil && state.view == .inspector {
        let block = state.model?.info.decoderBlock
        let group = state.model?.info.groupSize ?? 1
        switch (block, block?.attentionBiases) {
        case (.some(let b), nil) where b.normsQueriesAndKeys:
            formula =
                "one layer, in order: no biases; q and k RMS-normed per head; W_k, W_v: one kv head per \(group) heads"
        case (.some, nil):
            formula =
                "one layer, in order: no biases; W_k and W_v hold one key/value head for every \(group) query heads"
        case (.some, .some(let b)) where group > 1:
            formula =
                "one layer, in order (biases \(b) added); W_k, W_v: one key/value head per \(group) query heads"
        case (_, let b):
            formula = "one layer of the model, in order (biases \(b ?? "b_q, b_k, b_v, b_o") added)"
        }
    }
    if state.model != nil, let cap = state.trace?.settings.scoreSoftcap,
        state.view == .explain || state.view == .heatmaps
    {
        // Gemma 2 caps every score before the softmax: the formula says so.
        let c = formatted(cap, decimals: 0)
        formula =
            state.view == .explain
            ? "w_ij = exp(s_ij) / Σ_j' exp(s_ij'),  s_ij = \(c)·tanh(q_i·k_j/√d_k ÷ \(c))"
            : "softmax(\(c)·tanh(QKᵀ/√d_k ÷ \(c)))·V"
    }
    return formula
}

func drawTitle(_ out: inout [DrawCommand], _ state: AppState, _ r: Rect, _ m: LayoutMetrics) {
    let theme = state.theme
    out.append(.fillRect(r, theme.panel))
    let s = state.settings
    let formula = titleFormula(state)
    let tempText = s.temperature == 1 ? "" : "  T=\(formatted(s.temperature, decimals: 2))"
    var parts = [
        "d_model \(s.dModel)", "heads \(s.heads)", "d_k \(s.dK)", "seed \(s.seed)",
        "mask \(state.trace?.appliedMask.label ?? s.mask.label)",
    ]
    if s.positional { parts.append("positional") }
    if s.aggregation == .max { parts.append("summary max") }
    if let session = state.model {
        let info = session.info
        parts = [
            info.name, "layer \(session.layer + 1)/\(info.layers)", "head \(state.selection.head + 1)/\(info.heads)",
            "d_k \(info.headSize)",
        ]
        if session.hideSpecial { parts.append("no \(state.specialNames.pair)") }
        if session.pairFilter != .all { parts.append(session.pairFilter.label) }
        if session.computing { parts.append("computing…") }
    }
    // The settings on the right take what they need (up to 60 %, on two lines if one is too
    // long), each of their lines beside a line of the left: the title beside the first, the
    // formula beside the second (or alone, the whole width, when the settings fit on one line).
    let inner = r.width - m.pad * 6
    let oneLine = parts.joined(separator: " · ")
    let split = (parts.count + 1) / 2
    let lines =
        m.width(oneLine, m.base) <= inner * 0.6
        ? [oneLine] : [parts[..<split].joined(separator: " · "), parts[split...].joined(separator: " · ")]
    let size = lines.count == 1 ? m.base : m.small
    let widths = lines.map { min(inner * 0.6, m.width($0, size)) }
    let titleRoom = inner - widths[0]
    let formulaRoom = inner - (lines.count == 2 ? widths[1] : 0)
    out.append(
        .text(
            TextItem(
                m.fitting(
                    ["AttnViz · \(state.view.title)", state.view.title, state.view.shortTitle], m.title, bold: true,
                    in: titleRoom),
                at: Point(r.x + m.pad * 2, r.y + r.height * 0.3), size: m.title, color: theme.text, anchor: .centerLeft,
                maxWidth: titleRoom, bold: true)))
    out.append(
        .text(
            TextItem(
                formula + tempText, at: Point(r.x + m.pad * 2, r.y + r.height * 0.75), size: m.small,
                color: theme.accent, anchor: .centerLeft, maxWidth: formulaRoom)))
    for (k, line) in lines.enumerated() {
        let y = r.y + r.height * (k == 0 ? 0.3 : 0.75)
        out.append(
            .text(
                TextItem(
                    line, at: Point(r.maxX - m.pad * 2, y), size: size, color: theme.text, anchor: .centerRight,
                    maxWidth: widths[k])))
    }
}

/// A lecture's caption, large under the view (the chrome keeps room for it), and where in the
/// lecture we are.
func drawCaption(_ out: inout [DrawCommand], _ state: AppState, _ chrome: ChromeLayout, _ m: LayoutMetrics) {
    let theme = state.theme
    let size = m.title
    let counterText = cueCounterText(state)
    let counterW = cueCounterWidth(state, m)
    let full = ChromeLayout(viewport: state.viewport, metrics: m).content
    let lines = captionLines(state, content: full, m)
    if !lines.isEmpty {
        let band = Rect(
            x: full.x, y: chrome.content.maxY + m.pad * 0.5, width: full.width,
            height: full.maxY - chrome.content.maxY - m.pad * 0.5)
        out.append(.fillRect(band, theme.panel))
        for (k, line) in lines.enumerated() {
            out.append(
                .text(
                    TextItem(
                        line, at: Point(band.center.x - counterW / 2, band.y + size * (0.25 + 1.35 * Float(k))),
                        size: size,
                        color: theme.text, anchor: .topCenter, maxWidth: band.width - counterW - 2 * m.pad, bold: true))
            )
        }
    }
    let counter = Rect(x: full.maxX - counterW, y: full.maxY - m.small * 1.8, width: counterW, height: m.small * 1.8)
    out.append(.fillRect(counter, theme.panel))
    out.append(
        .text(
            TextItem(
                counterText, at: counter.center, size: m.small, color: theme.accent, anchor: .center,
                maxWidth: counter.width)))
}

/// Each view's one-line formula, following the live what-ifs.
public func viewFormula(_ view: ViewKind, settings s: AttentionSettings) -> String {
    let scale = s.scaleScores ? "/√d_k" : ""
    let t = s.temperature == 1 ? "" : "/T"
    switch view {
    case .heatmaps: return "softmax(QKᵀ\(scale)\(t))·V" + (s.scaleScores ? "" : "  (unscaled)")
    case .arcs: return "arc width ∝ w_ij = softmax_j(q_i·k_j\(scale)\(t))"
    case .inspector: return "every matrix of one layer, in the order it is computed"
    case .explain: return "w_ij = exp(s_ij) / Σ_j' exp(s_ij'),  s_ij = q_i·k_j\(scale)\(t)"
    case .model: return modelFormula
    case .lens: return "cell = top token of softmax(W_out · RMSNorm(h_layer, position)) · shade = its probability"
    case .tokens: return "bar under token j = w_ij = softmax_j(q_i·k_j\(scale)\(t)), i the outlined token"
    }
}

let modelFormula = "A = softmax(QKᵀ/√d_k) per layer and head · rollout R_l = (½A_l + ½I)·R_(l−1)"
