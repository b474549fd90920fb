import Foundation
import Testing
import TestSupport
import AttentionCore
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
                    if abs(sum - 1) > 1e-4 { return "head \(h) row \(i) sums to \(sum)" }
                }
            }
        }
        let f = state.displayed
        for h in f.heads { if h.contains(where: { !$0.isFinite }) { return "displayed weight not finite" } }
        let w = state.viewport.width, hgt = state.viewport.height
        let screen = Rect(x: 0, y: 0, width: w, height: hgt)
        // What is drawn is each rect cut by the clip in force; that must lie inside the window.
        var clips: [Rect] = []
        for cmd in scene(state) {
            switch cmd {
            case let .pushClip(r): clips.append(clips.last.map { r.intersection($0) } ?? r)
            case .popClip: _ = clips.popLast()
            case let .fillRect(r, _), let .strokeRect(r, _, _), let .heatmap(r, _, _, _):
                let drawn = clips.last.map { r.intersection($0) } ?? r
                let inside = drawn.x >= -0.01 && drawn.y >= -0.01 && drawn.maxX <= screen.maxX + 0.01 && drawn.maxY <= screen.maxY + 0.01
                if drawn.width > 0.01 && drawn.height > 0.01 && !inside {
                    return "\(r) (drawn \(drawn)) outside \(w)x\(hgt)"
                }
            case let .text(t):
                if !t.size.isFinite || !t.position.x.isFinite || !t.position.y.isFinite { return "text '\(t.string)' at a non-finite place" }
            default: break
            }
        }
        return nil
    }

    /// Replays `actions`; returns the index of the action after which an invariant broke.
    static func firstFailure(_ actions: [Action]) -> (Int, String)? {
        var state = AppState(input: "the cat sat")
        for (k, a) in actions.enumerated() {
            _ = reduce(&state, a)
            if let v = violation(state) { return (k, v) }
        }
        return nil
    }

    /// Shrinks a failing sequence by dropping chunks while it still fails.
    static func shrink(_ actions: [Action]) -> [Action] {
        var current = actions
        var chunk = max(1, current.count / 2)
        while chunk >= 1 {
            var i = 0
            var progress = false
            while i < current.count {
                var candidate = current
                candidate.removeSubrange(i..<min(current.count, i + chunk))
                if firstFailure(candidate) != nil { current = candidate; progress = true } else { i += chunk }
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
            Issue.record("seed \(seed): after action \(k): \(why). Shortest failing sequence (\(minimal.count)): \(minimal)")
        }
    }

    @Test("the shrinker finds a short failing sequence (checked with a planted bug)")
    func shrinkerWorks() {
        // Not an app invariant: "the input never contains 'x'" fails as soon as an x is typed.
        func fails(_ actions: [Action]) -> Bool {
            var s = AppState(input: "")
            for a in actions { _ = reduce(&s, a); if s.input.contains("x") { return true } }
            return false
        }
        var actions: [Action] = (0..<50).map { _ in .tick(seconds: 0.1) }
        actions.insert(.textTyped("x"), at: 31)
        var current = actions
        var chunk = current.count / 2
        while chunk >= 1 {
            var i = 0, progress = false
            while i < current.count {
                var c = current
                c.removeSubrange(i..<min(c.count, i + chunk))
                if fails(c) { current = c; progress = true } else { i += chunk }
            }
            if !progress { chunk /= 2 }
        }
        #expect(current == [.textTyped("x")])
    }
}
