import AttentionCore
import CSDL2
import VisualizerModel

#if canImport(Glibc)
    import Glibc
#endif

/// Measures keystroke → presented frame in the real loop (`--bench-typing N`).
struct TypingProbe {
    var left: Int
    var typedAt: UInt64?
    var latencies: [Double] = []
    var frameTimes: [Double] = []
    var nextIsBackspace = false
    var done: Bool { left <= 0 && typedAt == nil }

    init(keystrokes: Int) { left = keystrokes }

    /// Pushes the next keystroke into SDL's queue when the last one is on screen.
    @discardableResult
    mutating func maybeType(now: UInt64, settled: Bool) -> Bool {
        guard typedAt == nil, left > 0, settled || !latencies.isEmpty else { return false }
        var e = SDL_Event()
        if nextIsBackspace {
            e.type = SDL_KEYDOWN.rawValue
            e.key.keysym.sym = Int32(SDLK_BACKSPACE.rawValue)
        } else {
            e.type = SDL_TEXTINPUT.rawValue
            withUnsafeMutableBytes(of: &e.text.text) { raw in
                raw[0] = UInt8(ascii: " ")
                raw[1] = UInt8(ascii: "x")
                raw[2] = 0
            }
        }
        nextIsBackspace.toggle()
        _ = SDL_PushEvent(&e)
        typedAt = now
        left -= 1
        return true
    }

    /// After a present: the keystroke is done when its result is what was drawn.
    mutating func presented(state: AppState, at t: UInt64, frameStart: UInt64, freq: Double) {
        guard typedAt != nil || !latencies.isEmpty else { return }  // before the first keystroke
        frameTimes.append(Double(t &- frameStart) / freq)
        guard let typed = typedAt, !state.engine.computing, state.model?.computing != true else { return }
        latencies.append(Double(t &- typed) / freq)
        typedAt = nil
    }

    func report(tokens: Int) -> String {
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let frames = frameTimes.sorted()
        let p50 = frames.isEmpty ? 0 : frames[frames.count / 2]
        let p95 = frames.isEmpty ? 0 : frames[frames.count * 95 / 100]
        return
            "typing keystrokes \(latencies.count) tokens \(tokens) median_ms \(formatted(Float(median * 1000), decimals: 2)) "
            + "max_ms \(formatted(Float((sorted.last ?? 0) * 1000), decimals: 2)) frames \(frames.count) frame_p50_ms \(formatted(Float(p50 * 1000), decimals: 2)) "
            + "frame_p95_ms \(formatted(Float(p95 * 1000), decimals: 2)) worst_frame_ms \(formatted(Float((frames.last ?? 0) * 1000), decimals: 2))"
    }
}
