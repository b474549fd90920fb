import AppShell
import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import VisualizerModel

/// Random sessions of many actions: nothing traps and every invariant holds after each action.
@Suite("Unbreakable")
struct PropertyTests {
    /// The first broken invariant after `state` was produced, if any.
    static func violation(_ state: AppState) -> String? {
        if let t = state.trace {
            for (h, head) in t.heads.enumerated() {
                for i in 0..<t.tokenCount {
                    var sum: Float = 0
                    for j in 0..<t.tokenCount {
                        let w = head.weights[i, j]
                        if !w.isFinite { return "head \(h) weight (\(i),\(j)) is \(w)" }
                        if t.isMasked(query: i, key: j) && w != 0 { return "masked (\(i),\(j)) has weight \(w)" }
                        sum += w
                    }
                    // A row with no visible key (a window of PAD) attends to nothing and sums to 0.
                    let expected: Float =
                        t.settings.mask.visibleKeys(query: i, tokenCount: t.tokenCount).isEmpty ? 0 : 1
                    if abs(sum - expected) > 1e-4 { return "head \(h) row \(i) sums to \(sum), not \(expected)" }
                }
            }
        }
        let f = state.displayed
        for h in f.heads { if h.contains(where: { !$0.isFinite }) { return "displayed weight not finite" } }
        let w = state.viewport.width
        let hgt = state.viewport.height
        let screen = Rect(x: 0, y: 0, width: w, height: hgt)
        // What is drawn is each rect cut by the clip in force; that must lie inside the window.
        var clips: [Rect] = []
        for cmd in scene(state) {
            switch cmd {
            case .pushClip(let r): clips.append(clips.last.map { r.intersection($0) } ?? r)
            case .popClip: _ = clips.popLast()
            case .fillRect(let r, _), .strokeRect(let r, _, _), .heatmap(let r, _, _, _, _):
                let drawn = clips.last.map { r.intersection($0) } ?? r
                let inside =
                    drawn.x >= -0.01 && drawn.y >= -0.01 && drawn.maxX <= screen.maxX + 0.01
                    && drawn.maxY <= screen.maxY + 0.01
                if drawn.width > 0.01 && drawn.height > 0.01 && !inside {
                    return "\(r) (drawn \(drawn)) outside \(w)x\(hgt)"
                }
            case .text(let t):
                if !t.size.isFinite || !t.position.x.isFinite || !t.position.y.isFinite {
                    return "text '\(t.string)' at a non-finite place"
                }
            default: break
            }
        }
        return nil
    }

    /// Replays `actions`; returns the index of the action after which an invariant broke.
    ///
    /// With a trained model, requests are answered late, as a worker would: each answer waits a
    /// seeded number of actions, so stale answers arrive after newer requests and must be dropped.
    static func firstFailure(_ actions: [Action], model: EncoderModel? = nil, background: Bool = false) -> (
        Int, String
    )? {
        var state = AppState(input: "the cat sat", model: model.map { ModelSession(info: ModelInfo($0)) })
        state.engine.computesInBackground = background
        var g = SeededGenerator(seed: 5)
        var pending: [(due: Int, answer: Action)] = []
        func post(_ effects: [Effect], at k: Int) {
            for effect in effects {
                switch effect {
                case .computeModel(let request):
                    if let model {
                        pending.append((k + Int.random(in: 0...3, using: &g), ModelRunner.run(model, request)))
                    }
                case .computeEngine(let request):
                    // As the worker answers: the overview (long inputs) and then the trace, both late.
                    let due = k + Int.random(in: 0...3, using: &g)
                    var answers: [Action] = []
                    EngineRunner.runPhased(
                        request, quietMilliseconds: 0, post: { answers.append($0) }, cancelled: { false })
                    for (i, a) in answers.enumerated() { pending.append((due + i, a)) }
                default: break
                }
            }
        }
        post(state.pendingEffects(), at: 0)
        for (k, a) in actions.enumerated() {
            post(reduce(&state, a), at: k)
            while let i = pending.firstIndex(where: { $0.due <= k }) {
                post(reduce(&state, pending.remove(at: i).answer), at: k)
            }
            if let v = violation(state) { return (k, v) }
            if let session = state.model {
                if let out = session.output, let t = state.trace, !session.computing,
                    t.tokens != out.kept.map({ out.trace.encoding.tokens[$0] })
                {
                    return (k, "trace tokens \(t.tokens) are not the model output's")
                }
                if session.layer < 0 || session.layer >= session.info.layers {
                    return (k, "layer \(session.layer) out of range")
                }
                if state.settings.heads != session.info.heads && state.trace != nil {
                    return (k, "heads changed under a trained model")
                }
            }
        }
        return nil
    }

    /// Shrinks a failing sequence by dropping chunks while it still fails.
    static func shrink(_ actions: [Action], model: EncoderModel? = nil) -> [Action] {
        var current = actions
        var chunk = max(1, current.count / 2)
        while chunk >= 1 {
            var i = 0
            var progress = false
            while i < current.count {
                var candidate = current
                candidate.removeSubrange(i..<min(current.count, i + chunk))
                if firstFailure(candidate, model: model) != nil {
                    current = candidate
                    progress = true
                } else {
                    i += chunk
                }
            }
            if !progress { chunk /= 2 }
        }
        return current
    }

    @Test("10,000 random actions never trap and every invariant holds", arguments: [UInt64(20_261_129), 7, 99])
    func randomSessions(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let count = seed == 20_261_129 ? 10_000 : 3_000
        let actions = (0..<count).map { _ in RandomActions.next(&g) }
        if let (k, why) = Self.firstFailure(actions) {
            let minimal = Self.shrink(Array(actions[...k]))
            Issue.record(
                "seed \(seed): after action \(k): \(why). Shortest failing sequence (\(minimal.count)): \(minimal)")
        }
    }

    @Test("1,500 random actions with long inputs recomputed in the background and answered late")
    func randomBackgroundSessions() {
        var g = SeededGenerator(seed: 77)
        // A clear and a 300-word paste every 50 actions: the background path, often, at a size
        // the invariant checks can afford after every action.
        var actions: [Action] = []
        for i in 0..<1_500 {
            if i % 50 == 0 {
                actions += [
                    .keyPressed(.letterU, .control), .textTyped((0..<300).map { "w\($0)" }.joined(separator: " ")),
                ]
            }
            actions.append(RandomActions.next(&g))
        }
        if let (k, why) = Self.firstFailure(actions, background: true) {
            Issue.record("after action \(k): \(why)")
        }
    }

    @Test("10,000 random actions with a trained model answering late: nothing traps, stale answers never show")
    func randomModelSessions() throws {
        let model = try TinyBert().model()
        var g = SeededGenerator(seed: 2026)
        let actions = (0..<10_000).map { _ in RandomActions.next(&g) }
        if let (k, why) = Self.firstFailure(actions, model: model) {
            let minimal = Self.shrink(Array(actions[...k]), model: model)
            Issue.record("after action \(k): \(why). Shortest failing sequence (\(minimal.count)): \(minimal)")
        }
    }

    @Test("the shrinker finds a short failing sequence (checked with a planted bug)")
    func shrinkerWorks() {
        // Not an app invariant: "the input never contains 'x'" fails as soon as an x is typed.
        func fails(_ actions: [Action]) -> Bool {
            var s = AppState(input: "")
            for a in actions {
                _ = reduce(&s, a)
                if s.input.text.contains("x") { return true }
            }
            return false
        }
        var actions: [Action] = (0..<50).map { _ in .tick(seconds: 0.1) }
        actions.insert(.textTyped("x"), at: 31)
        var current = actions
        var chunk = current.count / 2
        while chunk >= 1 {
            var i = 0
            var progress = false
            while i < current.count {
                var c = current
                c.removeSubrange(i..<min(c.count, i + chunk))
                if fails(c) {
                    current = c
                    progress = true
                } else {
                    i += chunk
                }
            }
            if !progress { chunk /= 2 }
        }
        #expect(current == [.textTyped("x")])
    }
}
