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
        var distinct: Set<Int> = []
        var drawn = 0
        for _ in 0..<500 {
            _ = reduce(&state, RandomActions.next(&g))
            let commands = scene(state)
            let px = r.render(commands)
            #expect(px.count == 640 * 360)
            drawn += commands.count
            distinct.insert(px.hashValue)
        }
        // What the loop produced: frames that drew something, and many different pictures.
        #expect(drawn > 500 * 10, "\(drawn) draw commands in 500 frames")
        #expect(distinct.count > 20, "only \(distinct.count) different frames in 500")
        // The text cache stayed within its bound however many strings went by.
        #expect(r.scene.cachedTextCount <= 2048)
    }
}
