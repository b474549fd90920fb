import AttentionCore
import Decoders

extension AppState {
    static let knockoutNeedsDecoder = "knocking a head out needs a decoder: start with --model F.gguf (make run-llm)"

    /// Inspects layer `l` (clamped); the full trace of that layer comes with the next answer.
    mutating func selectLayer(_ l: Int) -> [Effect] {
        guard let session = model else { return [] }
        let next = max(0, min(l, session.info.layers - 1))
        guard next != session.layer else {
            flash(next == 0 ? "layer 1 is the first" : "layer \(next + 1) is the last", error: false)
            return []
        }
        model?.layer = next
        flash("layer \(next + 1) of \(session.info.layers)", error: false)
        return recompute()
    }

    /// A click on a model-view tile opens that layer (and head) in the heatmaps.
    mutating func openModelTile(layer: Int, tile: ModelTile) -> [Effect] {
        if case .head(let h) = tile { selection.head = h }
        let effects = model?.layer != layer ? selectLayer(layer) : []
        return effects + switchView(to: .heatmaps)
    }
}

extension AppState {
    /// A trained model's keys: layers, [CLS]/[SEP], sentence pairs, opening a head.
    mutating func perform(_ command: ModelCommand) -> [Effect] {
        guard let session = model else {
            let needs: String
            switch command {
            case .layerUp, .layerDown:
                needs = "layers belong to a trained model: start with --model DIR (make run-model)"
            case .toggleSpecial: needs = "[CLS] and [SEP] belong to a trained model: start with --model DIR"
            case .cyclePairFilter:
                needs = "sentence pairs belong to a trained model: start with --model DIR and write A ||| B"
            case .openSelected: return []
            case .toggleKnockout, .toggleAblationMode:
                needs = Self.knockoutNeedsDecoder
            }
            flash(needs, error: false)
            return []
        }
        switch command {
        case .layerUp, .layerDown:
            return selectLayer(session.layer + (command == .layerDown ? 1 : -1))
        case .toggleSpecial:
            model?.hideSpecial.toggle()
            let both = "\(specialNames.start) and \(specialNames.end)"
            flash(
                model?.hideSpecial == true
                    ? "\(both) hidden; each row renormalized over the other keys" : "\(both) shown", error: false)
            return recompute()
        case .cyclePairFilter:
            cyclePairFilter(session)
            return []
        case .openSelected:
            return openModelTile(layer: session.layer, tile: .head(selection.head))
        case .toggleAblationMode:
            guard session.info.isDecoder else {
                flash(Self.knockoutNeedsDecoder, error: false)
                return []
            }
            model?.knockout.mean.toggle()
            flash(
                model?.knockout.mean == true
                    ? "mean-ablation: a knocked-out head's output becomes its mean over the tokens so far"
                    : "knock-out: a knocked-out head's output is zeroed", error: false)
            return model?.knockout.isEmpty == false ? recompute() : []
        case .toggleKnockout:
            guard session.info.isDecoder else {
                flash(Self.knockoutNeedsDecoder, error: false)
                return []
            }
            model?.knockout.toggle(layer: session.layer, head: selection.head)
            let name = "\(session.layer + 1).\(selection.head + 1)"
            let now = model?.knockout ?? HeadKnockout()
            flash(
                now.contains(layer: session.layer, head: selection.head)
                    ? "head \(name) knocked out (\(now.count) in all): the panel shows before → after; Delete again brings it back"
                    : now.isEmpty
                        ? "head \(name) back: no head is knocked out" : "head \(name) back (\(now.count) still out)",
                error: false)
            return recompute()
        }
    }

    /// Ctrl+B: all pairs, A→B, B→A, A→A, B→B in turn (only for a ' ||| ' pair).
    mutating func cyclePairFilter(_ session: ModelSession) {
        guard session.output?.isPair == true else {
            flash("write two sentences separated by ' ||| ' to compare them (A→B, B→A, …)", error: false)
            return
        }
        let all = PairFilter.allCases
        let next = all[((all.firstIndex(of: session.pairFilter) ?? 0) + 1) % all.count]
        model?.pairFilter = next
        let from = displayed
        target.pairFilter = next
        retarget(from: from, duration: Durations.morph, stagger: 0)
        let (a, b) = (next.label.prefix(1), next.label.suffix(1))
        flash(
            next == .all
                ? "sentence pairs: every query and key"
                : "sentence pairs: \(next.label), queries of \(a) attending to keys of \(b)",
            error: false)
    }
}
