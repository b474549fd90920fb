import CSDL2
import Testing
import VisualizerModel

@testable import SDLBackend

/// SDL events built by hand, mapped to model actions: the only place SDL meets the model.
@Suite("Event mapping")
struct EventMapperTests {
    func map(_ event: SDL_Event) -> (Action?, Bool) {
        var quit = false
        let a = EventMapper.action(for: event, quit: &quit)
        return (a, quit)
    }

    func key(_ sym: Int32, _ mod: UInt16 = 0, type: SDL_EventType = SDL_KEYDOWN) -> SDL_Event {
        var e = SDL_Event()
        e.type = type.rawValue
        e.key.keysym.sym = sym
        e.key.keysym.mod = mod
        return e
    }

    @Test("text input arrives as UTF-8, whole characters included")
    func textInput() {
        var e = SDL_Event()
        e.type = SDL_TEXTINPUT.rawValue
        let bytes = Array("é👍".utf8)
        withUnsafeMutableBytes(of: &e.text.text) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        #expect(map(e).0 == .textTyped("é👍"))
    }

    @Test("keys and modifiers map to the model's own enums")
    func keys() {
        #expect(map(key(Int32(SDLK_F12.rawValue))).0 == .keyPressed(.f12, []))
        #expect(map(key(Int32(SDLK_s.rawValue), UInt16(KMOD_LCTRL.rawValue))).0 == .keyPressed(.letterS, .control))
        #expect(
            map(key(Int32(SDLK_EQUALS.rawValue), UInt16(KMOD_LCTRL.rawValue | KMOD_LSHIFT.rawValue))).0
                == .keyPressed(.equals, [.control, .shift]))
        #expect(map(key(Int32(SDLK_CAPSLOCK.rawValue))).0 == nil)
    }

    @Test("Shift going down or up is reported as a modifier change")
    func shift() {
        let (a, _) = map(key(Int32(SDLK_LSHIFT.rawValue), type: SDL_KEYUP))
        guard case .modifiersChanged? = a else {
            Issue.record("expected modifiersChanged, got \(String(describing: a))")
            return
        }
    }

    @Test("mouse, wheel, resize and quit")
    func pointer() {
        var m = SDL_Event()
        m.type = SDL_MOUSEMOTION.rawValue
        m.motion.x = 12
        m.motion.y = 34
        #expect(map(m).0 == .pointerMoved(x: 12, y: 34))
        var b = SDL_Event()
        b.type = SDL_MOUSEBUTTONDOWN.rawValue
        b.button.button = UInt8(SDL_BUTTON_LEFT)
        b.button.clicks = 2
        b.button.x = 5
        b.button.y = 6
        #expect(map(b).0 == .pointerPressed(.left, x: 5, y: 6, clicks: 2))
        var r = SDL_Event()
        r.type = SDL_WINDOWEVENT.rawValue
        r.window.event = UInt8(SDL_WINDOWEVENT_SIZE_CHANGED.rawValue)
        r.window.data1 = 800
        r.window.data2 = 600
        #expect(map(r).0 == .viewportResized(width: 800, height: 600))
        var q = SDL_Event()
        q.type = SDL_QUIT.rawValue
        let (qa, quit) = map(q)
        #expect(qa == nil && quit)
    }

    func text(_ s: String) -> SDL_Event {
        var e = SDL_Event()
        e.type = SDL_TEXTINPUT.rawValue
        let bytes = Array(s.utf8)
        withUnsafeMutableBytes(of: &e.text.text) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return e
    }

    @Test("text that follows a Ctrl or left-Alt chord is dropped; plain and AltGr typing passes")
    func chordText() {
        let ctrl = UInt16(KMOD_LCTRL.rawValue)
        let lalt = UInt16(KMOD_LALT.rawValue)
        let ralt = UInt16(KMOD_RALT.rawValue)
        var f = ChordTextFilter()
        let events: [(SDL_Event, Bool, String)] = [
            // Ctrl held down first (its own key-down), then = with Ctrl, then the text SDL sends.
            (key(Int32(SDLK_LCTRL.rawValue), ctrl), true, "ctrl down"),
            (key(Int32(SDLK_EQUALS.rawValue), ctrl), true, "ctrl+="),
            (text("="), false, "the = of Ctrl+="),
            (text("="), false, "a repeat of the chord"),
            (key(Int32(SDLK_a.rawValue)), true, "a"),
            (text("a"), true, "the a"),
            (key(Int32(SDLK_UP.rawValue), lalt), true, "alt+up"),
            (text("x"), false, "text after Alt+Up"),
            (key(Int32(SDLK_q.rawValue), ralt), true, "AltGr+Q"),
            (text("@"), true, "AltGr+Q types @ on a German layout"),
            (key(Int32(SDLK_EQUALS.rawValue), UInt16(KMOD_LSHIFT.rawValue)), true, "shift+="),
            (text("+"), true, "Shift alone is typing"),
        ]
        for (event, admitted, what) in events {
            let got = f.admit(event)
            #expect(got == admitted, "\(what)")
        }
    }
}
