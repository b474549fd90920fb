import Foundation
import Testing
import TestSupport
import AttentionCore
@testable import VisualizerModel

/// Random sessions of many actions: nothing traps and every invariant holds after each action.
@Suite("Unbreakable")
struct PropertyTests {
    static let texts = ["a", "the ", "cat", " ", "👍🏽", "e\u{0301}", "猫", "1", " 2.5", "nan", "1e400", ",", "!", "\n", "\t",
                        "👨‍👩‍👧", "🇫🇷", " -3", "x"]

    static func randomAction(_ g: inout SeededGenerator) -> Action {
        switch Int.random(in: 0..<100, using: &g) {
        case 0..<30: return .textTyped(texts.randomElement(using: &g)!)
        case 30..<55:
            let b = KeyBindings.all.randomElement(using: &g)!
            return .keyPressed(b.key, b.modifiers)
        case 55..<62: return .keyPressed(.backspace, [])
        case 62..<72: return .pointerMoved(x: Float.random(in: -50...2000, using: &g), y: Float.random(in: -50...1200, using: &g))
        case 72..<77: return .pointerPressed(.left, x: Float.random(in: 0...1400, using: &g), y: Float.random(in: 0...800, using: &g),
                                             clicks: Int.random(in: 1...2, using: &g))
        case 77..<80: return .pointerReleased(.left, x: 0, y: 0)
        case 80..<85: return .wheel(dx: 0, dy: Float.random(in: -3...3, using: &g).rounded(), Bool.random(using: &g) ? [] : .control)
        case 85..<88:
            let tiny = Bool.random(using: &g)
            return .viewportResized(width: tiny ? Float(Int.random(in: 1...40, using: &g)) : Float(Int.random(in: 200...8000, using: &g)),
                                    height: tiny ? Float(Int.random(in: 1...40, using: &g)) : Float(Int.random(in: 200...8000, using: &g)))
        case 88..<90: return .modifiersChanged(Bool.random(using: &g) ? .shift : [])
        default: return .tick(seconds: Double.random(in: 0...5, using: &g) * (Bool.random(using: &g) ? 1 : 0.01))
        }
    }

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
        let actions = (0..<count).map { _ in Self.randomAction(&g) }
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
