import AttentionCore
import TestSupport
import Testing

@testable import VisualizerModel

@Suite("Frame-independent animation")
struct AnimationTests {
    @Test("a morph between frames of the same slots interpolates every cell, pooled masks included")
    func blendSameSlots() throws {
        func frame(seed: UInt64, n: Int, mask: MaskSpec = .none) throws -> DisplayFrame {
            var settings = AttentionSettings.lecture
            settings.seed = seed
            settings.mask = mask
            let text = (0..<n).map { "w\($0 % 23)" }.joined(separator: " ")
            return DisplayFrame(trace: try AttentionEngine.run(text: text, mode: .auto, settings: settings).get())
        }
        for (n, mask) in [(12, MaskSpec.none), (300, MaskSpec(causal: true, padding: 20))] {
            let a = try frame(seed: 1, n: n, mask: mask)
            let b = try frame(seed: 2, n: n, mask: mask)
            #expect(DisplayFrame.blend(a, b, 1) == b, "the end of a morph is the target itself")
            for e: Float in [0, 0.3, 0.5, 0.9] {
                let m = DisplayFrame.blend(a, b, e)
                #expect(m.n == a.n && m.heads.count == a.heads.count)
                for h in 0..<a.heads.count {
                    let expected = zip(a.heads[h], b.heads[h]).map { x, y in x + (y - x) * e }
                    #expect(m.heads[h] == expected, "n \(n) head \(h) e \(e)")
                }
                #expect(m.summary == zip(a.summary, b.summary).map { x, y in x + (y - x) * e })
                #expect(m.maskedCells == (e < 0.5 ? a.maskedCells : b.maskedCells))
            }
        }
        // Different slots still take the general path: the new token's row and column appear.
        let short = try frame(seed: 1, n: 5)
        let long = try frame(seed: 1, n: 6)
        let grown = DisplayFrame.blend(short, long, 0.5)
        #expect(grown.n == 6 && grown.heads[0][5 * 6 + 5] == long.heads[0][5 * 6 + 5])
    }

    /// Drives the same actions with different tick splits; `splits` gives the dt pattern.
    func run(_ dts: [Double], total: Double) -> AppState {
        var state = AppState(input: "the cat sat on the mat")
        var t = 0.0
        var i = 0
        func advance(to target: Double) {
            while t < target - 1e-12 {
                let dt = min(dts[i % dts.count], target - t)
                _ = reduce(&state, .tick(seconds: dt))
                t += dt
                i += 1
            }
        }
        advance(to: 0.2)
        _ = reduce(&state, .textTyped(" today"))
        advance(to: 0.35)
        _ = reduce(&state, .keyPressed(.up, []))
        advance(to: 0.5)
        _ = reduce(&state, .keyPressed(.letterM, .control))
        advance(to: total)
        return state
    }

    func close(_ a: DisplayFrame, _ b: DisplayFrame) -> Bool {
        guard a.n == b.n, a.heads.count == b.heads.count, a.tokens == b.tokens, a.mask == b.mask else { return false }
        var d = maxAbsDifference(a.sizes, b.sizes)
        d = max(d, maxAbsDifference(a.summary, b.summary), maxAbsDifference(a.headAlpha, b.headAlpha))
        for h in a.heads.indices { d = max(d, maxAbsDifference(a.heads[h], b.heads[h])) }
        return d <= 1e-6 && abs(a.layoutProgress - b.layoutProgress) <= 1e-6
    }

    @Test("ticks of 1/240, 1/60 and 1/7 s add up to the same state as one tick", arguments: [0.6, 0.62, 0.7, 2.0])
    func independence(total: Double) {
        let one = run([1e9], total: total)
        for dts in [[1.0 / 240], [1.0 / 60], [1.0 / 7], [1.0 / 240, 1.0 / 7, 1.0 / 60]] {
            let many = run(dts, total: total)
            #expect(abs(many.time - one.time) < 1e-9)
            #expect(close(many.displayed, one.displayed), "dt pattern \(dts) at T = \(total)")
            #expect(many.settings == one.settings)
        }
    }

    @Test("a typed token grows in: its size goes 0 → 1 and the others keep theirs")
    func growIn() {
        var state = AppState(input: "a b")
        _ = reduce(&state, .tick(seconds: 2))
        _ = reduce(&state, .textTyped(" c"))
        #expect(state.displayed.sizes == [1, 1, 0])
        _ = reduce(&state, .tick(seconds: Durations.morph / 2))
        let mid = state.displayed.sizes[2]
        #expect(mid > 0.3 && mid < 0.7)
        _ = reduce(&state, .tick(seconds: Durations.morph))
        #expect(state.displayed.sizes == [1, 1, 1])
        #expect(state.transition == nil)
    }

    @Test("a deleted token shrinks out with its old weights")
    func shrinkOut() {
        var state = AppState(input: "a b c")
        _ = reduce(&state, .tick(seconds: 2))
        let before = state.displayed
        _ = reduce(&state, .keyPressed(.backspace, []))
        #expect(state.displayed.n == 3)
        #expect(state.displayed.sizes[2] == 1)
        _ = reduce(&state, .tick(seconds: Durations.morph * 0.5))
        let mid = state.displayed
        #expect(mid.sizes[2] > 0 && mid.sizes[2] < 1)
        #expect(mid.heads[0][2 * 3 + 2] == before.heads[0][2 * 3 + 2])
        _ = reduce(&state, .tick(seconds: 1))
        #expect(state.displayed.n == 2)
    }

    @Test("changing the seed moves every cell from old to new weight, eased, in about 300 ms")
    func morph() {
        var state = AppState(input: "the cat sat")
        _ = reduce(&state, .tick(seconds: 2))
        let old = state.displayed.summary
        _ = reduce(&state, .keyPressed(.right, []))
        let new = state.target.summary
        _ = reduce(&state, .tick(seconds: 0.15))
        let mid = state.displayed.summary
        for i in old.indices where abs(new[i] - old[i]) > 1e-3 {
            let expected = old[i] + (new[i] - old[i]) * Easing.inOutCubic(0.5)
            #expect(abs(mid[i] - expected) < 1e-5)
        }
        _ = reduce(&state, .tick(seconds: 0.15))
        #expect(state.displayed.summary == new)
    }

    @Test("more heads: new tiles fade in while the layout tweens; fewer: removed ones fade out")
    func headMorph() {
        var state = AppState(input: "the cat sat")
        _ = reduce(&state, .tick(seconds: 2))
        _ = reduce(&state, .keyPressed(.up, []))  // 4 → 8
        _ = reduce(&state, .tick(seconds: 0.15))
        let mid = state.displayed
        #expect(mid.heads.count == 8)
        #expect(mid.headAlpha[0] == 1)
        #expect(mid.headAlpha[7] > 0 && mid.headAlpha[7] < 1)
        #expect(mid.layoutFromHeads == 4 && mid.layoutHeads == 8)
        _ = reduce(&state, .tick(seconds: 1))
        _ = reduce(&state, .keyPressed(.down, []))  // 8 → 4
        _ = reduce(&state, .tick(seconds: 0.15))
        #expect(state.displayed.heads.count == 8)
        #expect(state.displayed.headAlpha[6] < 1)
        _ = reduce(&state, .tick(seconds: 1))
        #expect(state.displayed.heads.count == 4)
    }

    @Test("the scene depends only on the state")
    func scenePure() {
        let a = run([1.0 / 60], total: 0.4)
        let b = run([1.0 / 60], total: 0.4)
        #expect(a == b)
        #expect(scene(a) == scene(b))
    }
}
