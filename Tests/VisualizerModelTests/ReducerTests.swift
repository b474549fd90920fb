import AppShell
import AttentionCore
import Testing

@testable import VisualizerModel

@Suite("Reducer")
struct ReducerTests {
    static let settled: AppState = {
        var s = AppState(input: "the cat sat", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }()

    @Test("typing appends text, recomputes the trace and starts a morph from what was on screen")
    func typing() throws {
        var state = Self.settled
        let effects = reduce(&state, .textTyped(" down"))
        var expected = Self.settled
        expected.input.text = "the cat sat down"
        let trace = try AttentionEngine.run(text: "the cat sat down", mode: .auto, settings: .lecture).get()
        expected.trace = trace
        expected.target = DisplayFrame(trace: trace)
        expected.transition = Transition(from: Self.settled.displayed, start: 5, duration: Durations.morph)
        expected.engine.generation += 1
        #expect(effects.isEmpty)
        #expect(state == expected)
    }

    @Test("Up steps heads to the next divisor of d_model; the whole state follows")
    func headsUp() throws {
        var state = Self.settled
        _ = reduce(&state, .keyPressed(.up, []))
        var expected = Self.settled
        expected.settings.heads = 8
        expected.requestedHeads = 8
        let trace = try AttentionEngine.run(text: "the cat sat", mode: .auto, settings: expected.settings).get()
        expected.trace = trace
        expected.target = DisplayFrame(trace: trace)
        expected.transition = Transition(from: Self.settled.displayed, start: 5, duration: Durations.morph)
        expected.message = Message(text: "heads: 8 (d_k = 2)", isError: false, until: 5 + Durations.message)
        expected.engine.generation += 1
        #expect(state == expected)
    }

    @Test("heads never become a non-divisor; d_model halves and heads follow")
    func settingsStayValid() {
        var state = Self.settled
        for _ in 0..<10 { _ = reduce(&state, .keyPressed(.up, [])) }
        #expect(state.settings.heads == 16)
        #expect(state.message?.text.contains("at most 16 heads") == true)
        _ = reduce(&state, .keyPressed(.pageDown, []))
        #expect(state.settings.dModel == 8)
        #expect(state.settings.heads == 8)
        for _ in 0..<10 { _ = reduce(&state, .keyPressed(.pageDown, [])) }
        #expect(state.settings.dModel == 1)
        #expect(state.settings.heads == 1)
        #expect(state.trace != nil)
    }

    @Test("Ctrl+M cycles none → causal → padding → causal+padding → window → none")
    func maskCycle() {
        var state = Self.settled
        var labels: [String] = []
        for _ in 0..<5 {
            _ = reduce(&state, .keyPressed(.letterM, .control))
            labels.append(state.settings.mask.label)
        }
        #expect(labels == ["causal", "padding:1", "causal+padding:1", "window:2", "none"])
    }

    @Test("Ctrl+U clears and Ctrl+Z brings the text back: nothing typed is lost")
    func clearAndUndo() {
        var state = Self.settled
        _ = reduce(&state, .keyPressed(.letterU, .control))
        #expect(state.input.text == "")
        #expect(state.trace == nil)
        _ = reduce(&state, .keyPressed(.letterZ, .control))
        #expect(state.input.text == "the cat sat")
        #expect(state.trace?.tokens == ["the", "cat", "sat"])
    }

    @Test("Backspace removes one whole character, even an emoji with modifiers")
    func backspace() {
        var state = Self.settled
        _ = reduce(&state, .textTyped(" 👍🏽"))
        #expect(state.trace?.tokens.last == "👍🏽")
        _ = reduce(&state, .keyPressed(.backspace, []))
        #expect(state.input.text == "the cat sat ")
    }

    @Test("effects come back as values: screenshot, fullscreen, quit, paste")
    func effects() {
        var state = Self.settled
        #expect(reduce(&state, .keyPressed(.f12, [])) == [.takeScreenshot])
        #expect(reduce(&state, .keyPressed(.letterS, .control)) == [.takeScreenshot])
        #expect(reduce(&state, .keyPressed(.f11, [])) == [.toggleFullscreen])
        #expect(reduce(&state, .keyPressed(.letterQ, .control)) == [.quit])
        #expect(reduce(&state, .keyPressed(.letterV, .control)) == [.pasteFromClipboard])
        #expect(reduce(&state, .keyPressed(.escape, [])) == [])
    }

    @Test("F1 toggles the help overlay")
    func help() {
        var state = Self.settled
        _ = reduce(&state, .keyPressed(.f1, []))
        #expect(state.showHelp)
        _ = reduce(&state, .keyPressed(.escape, []))
        #expect(!state.showHelp)
    }

    @Test("numbers mode with nan keeps the text, the last valid attention and shows why")
    func badNumbers() {
        var state = AppState(input: "1 2 3", mode: .numbers)
        _ = reduce(&state, .textTyped(" nan"))
        #expect(state.input.text == "1 2 3 nan")
        #expect(state.engine.error?.contains("not a finite number") == true)
        #expect(state.trace?.tokens == ["1", "2", "3"])
    }

    @Test("control characters from paste become spaces or vanish; the input cap refuses, never truncates")
    func pasteHygiene() {
        var state = AppState(input: "")
        _ = reduce(&state, .textTyped("a\tb\nc\u{7}"))
        #expect(state.input.text == "a b c")
        let big = String(repeating: "x ", count: InputLimits.maxCharacters)
        _ = reduce(&state, .textTyped(big))
        #expect(state.input.text == "a b c")
        #expect(state.message?.isError == true)
    }

    @Test("a message disappears after its time, by ticks of any size")
    func messageExpiry() {
        var state = Self.settled
        _ = reduce(&state, .showMessage("saved x.bmp", isError: false))
        _ = reduce(&state, .tick(seconds: 3.9))
        #expect(state.message != nil)
        _ = reduce(&state, .tick(seconds: 0.2))
        #expect(state.message == nil)
    }

    @Test("bad ticks (negative, NaN, infinite) change nothing")
    func badTicks() {
        var state = Self.settled
        for dt in [-1, Double.nan, Double.infinity, 0] { _ = reduce(&state, .tick(seconds: dt)) }
        #expect(state == Self.settled)
    }

    @Test("temperature steps always come back to exactly 1, from either end, and Ctrl+R resets every what-if")
    func temperatureLadder() {
        var s = Self.settled
        for _ in 0..<30 { _ = reduce(&s, .keyPressed(.letterT, .control)) }
        #expect(s.settings.temperature == 10)
        for _ in 0..<10 { _ = reduce(&s, .keyPressed(.letterT, [.control, .shift])) }
        #expect(s.settings.temperature == 1 && s.message?.text == "temperature T = 1.00 (the transformer's own)")
        for _ in 0..<30 { _ = reduce(&s, .keyPressed(.letterT, [.control, .shift])) }
        #expect(s.settings.temperature == 0.1)
        for _ in 0..<10 { _ = reduce(&s, .keyPressed(.letterT, .control)) }
        #expect(s.settings.temperature == 1)
        // A flag value off the ladder steps onto it.
        #expect(Temperature.step(from: 0.93, up: true) == 1 && Temperature.step(from: 1.16, up: false) == 1)
        _ = reduce(&s, .keyPressed(.letterT, .control))
        _ = reduce(&s, .keyPressed(.letterK, .control))
        _ = reduce(&s, .keyPressed(.rightBracket, [.control, .shift]))
        _ = reduce(&s, .keyPressed(.letterP, .control))
        _ = reduce(&s, .keyPressed(.letterG, .control))
        _ = reduce(&s, .keyPressed(.letterR, .control))
        #expect(s.settings == Self.settled.settings)
        #expect(s.message?.text.hasPrefix("what-ifs reset") == true)
    }

    @Test("d_model down to 1 and back up restores the head count that was asked for")
    func headsRemembered() {
        var s = Self.settled
        _ = reduce(&s, .keyPressed(.up, []))
        #expect(s.settings.heads == 8 && s.requestedHeads == 8)
        for _ in 0..<4 { _ = reduce(&s, .keyPressed(.pageDown, [])) }
        #expect(s.settings.dModel == 1 && s.settings.heads == 1)
        for _ in 0..<3 { _ = reduce(&s, .keyPressed(.pageUp, [])) }
        #expect(s.settings.dModel == 8 && s.settings.heads == 8)
        _ = reduce(&s, .keyPressed(.pageDown, []))
        #expect(s.settings.dModel == 4 && s.settings.heads == 4)
    }

    @Test("every setting change confirms its new value; typing and view changes retire the confirmation")
    func confirmations() {
        var s = Self.settled
        let keys: [(Key, Modifiers, String)] = [
            (.rightBracket, .control, "padding: the last 1 key is PAD"), (.leftBracket, .control, "padding off"),
            (.letterP, .control, "positional encoding on"),
            (.letterK, .control, "scores not divided by √d_k (what-if)"),
            (.letterG, .control, "summary: max of the heads"), (.right, .control, "seed 43"),
            (.f9, [], "theme: light"), (.f10, [], "colour map: magma"), (.equals, .control, "text size ×1.1"),
            (.up, .control, "arcs: weights ≥ 0.15"), (.letterH, .control, "head 2 of 4 selected"),
        ]
        for (key, mods, text) in keys {
            _ = reduce(&s, .keyPressed(key, mods))
            #expect(s.message?.text == text, "\(key) \(mods): \(s.message?.text ?? "nothing")")
        }
        _ = reduce(&s, .keyPressed(.letterU, .control))
        #expect(s.message?.text.hasPrefix("input cleared") == true)
        _ = reduce(&s, .keyPressed(.letterZ, .control))
        #expect(s.message?.text.hasPrefix("input restored") == true)
        _ = reduce(&s, .textTyped("x"))
        #expect(s.message == nil)
        _ = reduce(&s, .keyPressed(.letterP, .control))
        _ = reduce(&s, .keyPressed(.f3, []))
        #expect(s.message == nil)
    }
}

@Suite("Background recompute")
struct BackgroundRecomputeTests {
    static let long = (0..<300).map { "w\($0)" }.joined(separator: " ")

    @Test("a long input's recompute is an effect: the old picture stays until the answer, stale answers are dropped")
    func longInput() throws {
        var s = AppState(input: Self.long)
        _ = reduce(&s, .tick(seconds: 5))
        s.engine.computesInBackground = true
        let before = s.trace
        let e1 = reduce(&s, .textTyped(" a"))
        let e2 = reduce(&s, .textTyped(" b"))
        guard case .computeEngine(let r1)? = e1.first, case .computeEngine(let r2)? = e2.first else {
            Issue.record("no engine requests: \(e1) \(e2)")
            return
        }
        #expect(r2.generation == r1.generation + 1 && r2.text == Self.long + " a b")
        #expect(s.trace == before && s.engine.computing)
        let shown = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(shown.contains { $0.hasPrefix("computing…") })
        let stale = s
        _ = reduce(&s, EngineRunner.run(r1))
        #expect(s == stale, "a stale answer changed the state")
        _ = reduce(&s, EngineRunner.run(r2))
        let expected = try AttentionEngine.run(text: Self.long + " a b", mode: .auto, settings: .lecture).get()
        #expect(s.trace == expected && s.target == DisplayFrame(trace: expected) && !s.engine.computing)
        // 300 tokens are pooled 2 × 2: after typing, other tokens sit behind the same slots, so
        // the overview is replaced rather than blended cell by cell.
        #expect(s.transition == nil, "a pooled overview with new tokens is replaced, not blended")
        // A settings change over the same tokens morphs.
        let e3 = reduce(&s, .keyPressed(.right, []))
        guard case .computeEngine(let r3)? = e3.first else {
            Issue.record("no request for the new seed: \(e3)")
            return
        }
        _ = reduce(&s, EngineRunner.run(r3))
        #expect(s.transition != nil && s.isAnimating, "a new seed morphs the overview")
    }

    @Test("a window opened on a long input starts at once: its first picture is the worker's overview")
    func startsInBackground() throws {
        let long = (0..<3000).map { "w\($0 % 41)" }.joined(separator: " ")
        var s = AppState(input: long, computeInBackground: true)
        #expect(s.trace == nil && s.engine.computing && s.target.n == 0)
        let shown = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(shown.contains("computing attention…") && !shown.contains { $0.hasPrefix("Type a sequence") })
        guard case .computeEngine(let request)? = s.pendingEffects().first else {
            Issue.record("no request at start")
            return
        }
        var answers: [Action] = []
        EngineRunner.runPhased(request, quietMilliseconds: 0, post: { answers.append($0) }, cancelled: { false })
        #expect(answers.count == 2, "the overview, then the trace")
        _ = reduce(&s, answers[0])
        // The overview alone already says what it shows.
        let info = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(s.trace == nil && info.contains("words · 3000 tokens"), "\(info.filter { $0.contains("token") })")
        for a in answers.dropFirst() { _ = reduce(&s, a) }
        let expected = try AttentionEngine.run(text: long, mode: .auto, settings: .lecture).get()
        #expect(s.trace == expected && s.target == DisplayFrame(trace: expected) && !s.engine.computing)
        // The same app computed in place has the same picture.
        var inline = AppState(input: long)
        _ = reduce(&inline, .tick(seconds: 5))
        _ = reduce(&s, .tick(seconds: 5))
        #expect(s.target == inline.target && s.displayed == inline.displayed)
    }

    @Test("morphs blend slots only when they hold the same tokens on both sides")
    func morphRule() throws {
        func frame(_ n: Int, seed: UInt64 = 42) throws -> DisplayFrame {
            var settings = AttentionSettings.lecture
            settings.seed = seed
            let text = (0..<n).map { "w\($0)" }.joined(separator: " ")
            return DisplayFrame(trace: try AttentionEngine.run(text: text, mode: .auto, settings: settings).get())
        }
        #expect(DisplayFrame.morphs(from: try frame(10), to: try frame(11)), "unpooled: a typed token grows in")
        #expect(DisplayFrame.morphs(from: try frame(300), to: try frame(300, seed: 7)), "same tokens, new seed")
        #expect(!DisplayFrame.morphs(from: try frame(300), to: try frame(301)), "same pooling, other tokens")
        #expect(!DisplayFrame.morphs(from: try frame(256), to: try frame(257)), "pooling starts")
        #expect(!DisplayFrame.morphs(from: try frame(512), to: try frame(513)), "pooling factor 2 → 3")
        #expect(DisplayFrame.morphs(from: .empty, to: try frame(10)), "the opening grows in")
    }

    @Test("short inputs are still recomputed at once in the background mode")
    func shortInput() {
        var s = AppState(input: "the cat")
        s.engine.computesInBackground = true
        let effects = reduce(&s, .textTyped(" sat"))
        #expect(effects.isEmpty && s.trace?.tokenCount == 3 && !s.engine.computing)
    }
}
