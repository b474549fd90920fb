import VisualizerModel

/// Random user actions for property tests: typing (emoji too), every key binding, pointer,
/// clicks, wheel, resizes from 1×1 to 8000×8000 and ticks of 0 to 5 s.
public enum RandomActions {
    public static let texts = [
        "a", "the ", "cat", " ", "👍🏽", "e\u{0301}", "猫", "1", " 2.5", "nan", "1e400", ",", "!", "\n", "\t",
        "👨‍👩‍👧", "🇫🇷", " -3", "x",
    ]

    public static func next(_ g: inout SeededGenerator) -> Action {
        switch Int.random(in: 0..<100, using: &g) {
        case 0..<30: return .textTyped(texts.randomElement(using: &g)!)
        case 30..<55:
            let b = KeyBindings.all.randomElement(using: &g)!
            return .keyPressed(b.key, b.modifiers)
        case 55..<62: return .keyPressed(.backspace, [])
        case 62..<72:
            return .pointerMoved(x: Float.random(in: -50...2000, using: &g), y: Float.random(in: -50...1200, using: &g))
        case 72..<77:
            return .pointerPressed(
                .left, x: Float.random(in: 0...1400, using: &g), y: Float.random(in: 0...800, using: &g),
                clicks: Int.random(in: 1...2, using: &g))
        case 77..<80: return .pointerReleased(.left, x: 0, y: 0)
        case 80..<85:
            return .wheel(
                dx: 0, dy: Float.random(in: -3...3, using: &g).rounded(), Bool.random(using: &g) ? [] : .control)
        case 85..<88:
            let tiny = Bool.random(using: &g)
            return .viewportResized(
                width: tiny ? Float(Int.random(in: 1...40, using: &g)) : Float(Int.random(in: 200...8000, using: &g)),
                height: tiny ? Float(Int.random(in: 1...40, using: &g)) : Float(Int.random(in: 200...8000, using: &g)))
        case 88..<90: return .modifiersChanged(Bool.random(using: &g) ? .shift : [])
        default: return .tick(seconds: Double.random(in: 0...5, using: &g) * (Bool.random(using: &g) ? 1 : 0.01))
        }
    }

}
