import AttentionCore
import CSDL2

#if canImport(Glibc)
    import Glibc
#endif

/// Seeded random input for a bounded window run (`--bench-fuzz SEED` with `--bench-frames N`):
/// SDL events pushed into SDL's own queue, so they take the real path (event mapping, the
/// chord filter, reduce) as a person's keys, clicks, wheel, resizes and pastes would.
struct WindowFuzzer {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }

    static let keys: [SDL_KeyCode] = [
        SDLK_UP, SDLK_DOWN, SDLK_LEFT, SDLK_RIGHT, SDLK_PAGEUP, SDLK_PAGEDOWN, SDLK_HOME, SDLK_TAB,
        SDLK_RETURN, SDLK_ESCAPE, SDLK_BACKSPACE, SDLK_F1, SDLK_F2, SDLK_F3, SDLK_F4, SDLK_F5, SDLK_F6,
        SDLK_F9, SDLK_F10, SDLK_F12, SDLK_EQUALS, SDLK_MINUS, SDLK_0, SDLK_LEFTBRACKET, SDLK_RIGHTBRACKET,
        SDLK_a, SDLK_b, SDLK_d, SDLK_e, SDLK_g, SDLK_h, SDLK_k, SDLK_m, SDLK_n, SDLK_p, SDLK_s, SDLK_t,
        SDLK_u, SDLK_v, SDLK_x, SDLK_z,
    ]
    static let texts = [
        "a", "the ", "cat", " ", "👍🏽", "e\u{301}", "猫", "1", " 2.5", "nan", "1e400", ",", "|||", " ||| ", "\n", "👨‍👩‍👧",
    ]
    static let modifiers: [UInt16] = [
        0, 0, 0, UInt16(KMOD_LCTRL.rawValue), UInt16(KMOD_LSHIFT.rawValue), UInt16(KMOD_LALT.rawValue),
        UInt16(KMOD_LCTRL.rawValue | KMOD_LSHIFT.rawValue),
    ]

    /// Frames between clears of the input (Ctrl+U), so that memory is compared at equal input
    /// sizes: the trace of a long pasted input is live memory, not a leak.
    static let period = 100

    /// Pushes a few events for frame `frame`; may resize the window or fill the clipboard.
    mutating func step(window: OpaquePointer, width: Int32, height: Int32, frame: Int) {
        if frame % WindowFuzzer.period == WindowFuzzer.period - 1 {
            var e = SDL_Event()
            e.type = SDL_KEYDOWN.rawValue
            e.key.keysym.sym = Int32(SDLK_u.rawValue)
            e.key.keysym.mod = UInt16(KMOD_LCTRL.rawValue)
            _ = SDL_PushEvent(&e)
            return
        }
        for _ in 0..<(1 + below(3)) {
            var e = SDL_Event()
            switch below(100) {
            case 0..<35:
                e.type = SDL_KEYDOWN.rawValue
                e.key.keysym.sym = Int32(WindowFuzzer.keys[below(WindowFuzzer.keys.count)].rawValue)
                e.key.keysym.mod = WindowFuzzer.modifiers[below(WindowFuzzer.modifiers.count)]
                // Quitting would end the run early; everything else goes.
                if e.key.keysym.sym == Int32(SDLK_q.rawValue) { continue }
            case 35..<60:
                e.type = SDL_TEXTINPUT.rawValue
                let bytes = Array(WindowFuzzer.texts[below(WindowFuzzer.texts.count)].utf8.prefix(31))
                withUnsafeMutableBytes(of: &e.text.text) { raw in
                    for (i, b) in bytes.enumerated() { raw[i] = b }
                    raw[bytes.count] = 0
                }
            case 60..<75:
                e.type = SDL_MOUSEMOTION.rawValue
                e.motion.x = Int32(below(Int(width) + 40)) - 20
                e.motion.y = Int32(below(Int(height) + 40)) - 20
            case 75..<85:
                e.type = (below(2) == 0 ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP).rawValue
                e.button.button = UInt8(SDL_BUTTON_LEFT)
                e.button.clicks = UInt8(1 + below(2))
                e.button.x = Int32(below(Int(width)))
                e.button.y = Int32(below(Int(height)))
            case 85..<92:
                e.type = SDL_MOUSEWHEEL.rawValue
                e.wheel.y = Int32(below(7)) - 3
            case 92..<96:
                SDL_SetWindowSize(window, Int32(200 + below(1800)), Int32(150 + below(1000)))
                continue
            default:
                // A paste: the clipboard gets text (long now and then), then Ctrl+V.
                let text =
                    below(4) == 0
                    ? String(repeating: "word ", count: 400) : WindowFuzzer.texts[below(WindowFuzzer.texts.count)]
                _ = SDL_SetClipboardText(text)
                e.type = SDL_KEYDOWN.rawValue
                e.key.keysym.sym = Int32(SDLK_v.rawValue)
                e.key.keysym.mod = UInt16(KMOD_LCTRL.rawValue)
            }
            _ = SDL_PushEvent(&e)
        }
    }
}

/// This process's memory, as the kernel counts it.
public enum ProcessMemory {
    /// Resident memory in KiB (VmRSS of /proc/self/status); 0 where there is none.
    public static func residentKiB() -> Int {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, f) != nil {
            let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if s.hasPrefix("VmRSS:") { return Int(s.filter(\.isNumber)) ?? 0 }
        }
        return 0
    }
}
