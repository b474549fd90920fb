import CSDL2
import VisualizerModel

/// SDL events to model actions: the model never sees an SDL type.
public enum EventMapper {
    /// The action for one event, or nil for events the model does not care about.
    /// `quit` is reported separately because closing the window is not a model concern.
    public static func action(for event: SDL_Event, quit: inout Bool) -> Action? {
        switch SDL_EventType(event.type) {
        case SDL_QUIT:
            quit = true
            return nil
        case SDL_TEXTINPUT:
            var e = event.text
            let s = withUnsafeBytes(of: &e.text) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            return s.isEmpty ? nil : .textTyped(s)
        case SDL_KEYDOWN where isShiftOrControl(event.key.keysym.sym),
            SDL_KEYUP where isShiftOrControl(event.key.keysym.sym):
            return .modifiersChanged(modifiers(UInt32(SDL_GetModState().rawValue)))
        case SDL_KEYDOWN:
            let mods = modifiers(UInt32(event.key.keysym.mod))
            guard let key = key(event.key.keysym.sym) else { return nil }
            return .keyPressed(key, mods)
        case SDL_MOUSEMOTION:
            return .pointerMoved(x: Float(event.motion.x), y: Float(event.motion.y))
        case SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP:
            let b = event.button
            let button: PointerButton
            switch Int32(b.button) {
            case SDL_BUTTON_LEFT: button = .left
            case SDL_BUTTON_RIGHT: button = .right
            default: button = .middle
            }
            if event.type == SDL_MOUSEBUTTONDOWN.rawValue {
                return .pointerPressed(button, x: Float(b.x), y: Float(b.y), clicks: Int(b.clicks))
            }
            return .pointerReleased(button, x: Float(b.x), y: Float(b.y))
        case SDL_MOUSEWHEEL:
            let w = event.wheel
            let flip: Float = w.direction == SDL_MOUSEWHEEL_FLIPPED.rawValue ? -1 : 1
            return .wheel(dx: Float(w.x) * flip, dy: Float(w.y) * flip, modifiers(UInt32(SDL_GetModState().rawValue)))
        case SDL_WINDOWEVENT:
            switch SDL_WindowEventID(UInt32(event.window.event)) {
            case SDL_WINDOWEVENT_SIZE_CHANGED:
                return .viewportResized(width: Float(event.window.data1), height: Float(event.window.data2))
            case SDL_WINDOWEVENT_LEAVE:
                return .pointerLeft
            default: return nil
            }
        default:
            return nil
        }
    }

    static func isModifier(_ sym: SDL_Keycode) -> Bool {
        [SDLK_LSHIFT, SDLK_RSHIFT, SDLK_LCTRL, SDLK_RCTRL, SDLK_LALT, SDLK_RALT, SDLK_LGUI, SDLK_RGUI, SDLK_MODE]
            .contains { Int32($0.rawValue) == sym }
    }

    /// Shift (the arcs view's incoming arcs) and Ctrl (Ctrl+click) are tracked while held.
    static func isShiftOrControl(_ sym: SDL_Keycode) -> Bool {
        [SDLK_LSHIFT, SDLK_RSHIFT, SDLK_LCTRL, SDLK_RCTRL].contains { Int32($0.rawValue) == sym }
    }

    static func modifiers(_ m: UInt32) -> Modifiers {
        var out: Modifiers = []
        if m & UInt32(KMOD_SHIFT.rawValue) != 0 { out.insert(.shift) }
        if m & UInt32(KMOD_CTRL.rawValue) != 0 { out.insert(.control) }
        if m & UInt32(KMOD_ALT.rawValue) != 0 { out.insert(.alt) }
        return out
    }

    static let table: [Int32: Key] = {
        var t: [Int32: Key] = [
            Int32(SDLK_UP.rawValue): .up, Int32(SDLK_DOWN.rawValue): .down,
            Int32(SDLK_LEFT.rawValue): .left, Int32(SDLK_RIGHT.rawValue): .right,
            Int32(SDLK_PAGEUP.rawValue): .pageUp, Int32(SDLK_PAGEDOWN.rawValue): .pageDown,
            Int32(SDLK_HOME.rawValue): .home, Int32(SDLK_END.rawValue): .end,
            Int32(SDLK_TAB.rawValue): .tab, Int32(SDLK_RETURN.rawValue): .enter, Int32(SDLK_KP_ENTER.rawValue): .enter,
            Int32(SDLK_ESCAPE.rawValue): .escape, Int32(SDLK_BACKSPACE.rawValue): .backspace,
            Int32(SDLK_DELETE.rawValue): .delete,
            Int32(SDLK_F1.rawValue): .f1, Int32(SDLK_F2.rawValue): .f2, Int32(SDLK_F3.rawValue): .f3,
            Int32(SDLK_F4.rawValue): .f4,
            Int32(SDLK_F5.rawValue): .f5, Int32(SDLK_F6.rawValue): .f6, Int32(SDLK_F7.rawValue): .f7,
            Int32(SDLK_F8.rawValue): .f8,
            Int32(SDLK_F9.rawValue): .f9, Int32(SDLK_F10.rawValue): .f10, Int32(SDLK_F11.rawValue): .f11,
            Int32(SDLK_F12.rawValue): .f12,
            Int32(SDLK_LEFTBRACKET.rawValue): .leftBracket, Int32(SDLK_RIGHTBRACKET.rawValue): .rightBracket,
            Int32(SDLK_EQUALS.rawValue): .equals, Int32(SDLK_MINUS.rawValue): .minus, Int32(SDLK_0.rawValue): .zero,
        ]
        for (i, c) in "abcdefghijklmnopqrstuvwxyz".unicodeScalars.enumerated() {
            if let k = Key(rawValue: String(c)) { t[Int32(SDLK_a.rawValue) + Int32(i)] = k }
        }
        return t
    }()

    static func key(_ sym: SDL_Keycode) -> Key? {
        table[sym]
    }
}
