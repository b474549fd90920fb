import TestSupport
import Testing
import VisualizerModel

@testable import SDLBackend

/// Random sessions replayed by the real backend: whatever the model draws, SDL survives it.
@Suite("Backend replay under random sessions")
struct ReplayFuzzTests {
    @Test(
        "500 random actions, every frame replayed by the software renderer, never trap", arguments: [UInt64(11), 2026])
    func replay(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let r = try HeadlessRenderer(width: 640, height: 360, fontPath: GoldenTests.fontPath)
        var state = AppState(input: "the cat sat 👍🏽 猫")
        var frames = 0
        for _ in 0..<500 {
            _ = reduce(&state, RandomActions.next(&g))
            let px = r.render(scene(state))
            #expect(px.count == 640 * 360)
            frames += 1
        }
        #expect(frames == 500)
        // The text cache stayed within its bound however many strings went by.
        #expect(r.scene.cachedTextCount <= 2048)
    }
}
