import AttentionCore
import TestSupport
import Testing

@testable import VisualizerModel

@Suite("Cue scripts")
struct CueTests {
    static func lecture(_ name: String) throws -> String {
        try String(contentsOfFile: RepoPaths.root() + "/assets/lectures/\(name)", encoding: .utf8)
    }

    @Test("the new cue keys (look, ablate_mode, sort_heads) take any value without a trap: accepted, or one line")
    func newKeysFuzz() {
        var g = SeededGenerator(seed: 0x100C)
        let pieces = [
            "", "0", "1", "2", "6", "-1", "1e9", "99999999999999999999", "mean", "zero", "MEAN", "induction",
            "previous", "prev", "none", " ", "٣", "🙂", "\u{0}", "nan", "1.5", "+3", "0x10", "6 7", "look",
        ]
        for _ in 0..<3_000 {
            let key = ["look", "ablate_mode", "sort_heads"][Int.random(in: 0..<3, using: &g)]
            let value = (0..<Int.random(in: 1...3, using: &g)).map { _ in
                pieces[Int.random(in: 0..<pieces.count, using: &g)]
            }
            .joined()
            let writes = Bool.random(using: &g)
            let text = "[cue] a\ninput: The capital of France is\n\(key): \(value)\n"
            let shape: CueScript.ModelShape = (30, 9, writes)
            switch CueScript.parse(
                text, name: "f", base: .lecture, trainedModel: shape, loadModel: { _ in .success(shape) },
                modelTokens: { _, _ in .success(5) })
            {
            case .success(let script):
                let cue = script.cues[0]
                if key == "look" {
                    #expect(cue.look.map { (1...5).contains($0) && !(writes && $0 == 1) } == true, "\(value)")
                }
                if key == "ablate_mode" { #expect(writes && cue.ablateMean != nil) }
                if key == "sort_heads" { #expect(writes && cue.scoreOrder != nil) }
            case .failure(let e): #expect(!e.description.contains("\n"), "\(e)")
            }
        }
    }

    @Test("the toy lecture's √d_k caption says what its picture shows: ' the' 0.35 → 0.42, ' on' 0.28 → 0.16")
    func scalingCaption() throws {
        let script = try CueScript.parse(try Self.lecture("attention-from-scratch.cues"), name: "toy", base: .lecture)
            .get()
        var s = AppState(input: "", viewport: Size(1280, 720))
        s.load(cues: script)
        func row(_ cue: Int) throws -> [Float] {
            _ = reduce(&s, .goToCue(cue))
            _ = reduce(&s, .tick(seconds: 5))
            let t = try #require(s.trace)
            return Array(t.heads[s.selection.head].weights.row(s.selection.query))
        }
        let scaled = try row(1)
        let unscaled = try row(2)
        #expect(s.selection.query == 1 && script.cues[2].caption?.contains("0.35 → 0.42") == true)
        for (v, want) in [(scaled[0], 0.35), (unscaled[0], 0.42), (scaled[3], 0.28), (unscaled[3], 0.16)] {
            #expect(abs(Double(v) - want) < 0.005, "\(scaled) → \(unscaled)")
        }
    }

    @Test("both lectures in assets/lectures parse and check (the BERT one against MiniLM's 6 layers × 12 heads)")
    func lecturesParse() throws {
        let toy = CueScript.parse(try Self.lecture("attention-from-scratch.cues"), name: "toy", base: .lecture)
        guard case .success(let script) = toy else {
            Issue.record("\(toy)")
            return
        }
        #expect(script.cues.count >= 8)
        let bert = CueScript.parse(
            try Self.lecture("what-bert-looks-at.cues"), name: "bert", base: .lecture,
            loadModel: {
                $0 == "models/all-MiniLM-L6-v2" ? .success((6, 12, false)) : .failure(.init(reason: "no such model"))
            })
        guard case .success(let b) = bert else {
            Issue.record("\(bert)")
            return
        }
        #expect(b.cues.first?.model == "models/all-MiniLM-L6-v2")
        #expect(
            b.cues.contains { $0.layer != nil } && b.cues.contains { $0.hideSpecial == true }
                && b.cues.contains { $0.view == .model })
        let llm = CueScript.parse(
            try Self.lecture("how-a-language-model-writes.cues"), name: "llm", base: .lecture,
            loadModel: {
                $0 == "models/SmolLM2-135M-Instruct.Q4_1.gguf"
                    ? .success((30, 9, true)) : .failure(.init(reason: "no such model"))
            })
        guard case .success(let d) = llm else {
            Issue.record("\(llm)")
            return
        }
        #expect(d.cues.contains { $0.generate == 12 } && d.cues.contains { $0.sampleTemperature == 1.5 })
        #expect(d.cues.contains { $0.view == .lens } && d.cues.contains { $0.view == .model })
    }

    @Test(
        "a mistake is refused with file:line and what is wrong",
        arguments: [
            ("[cue] a\nhedas: 2\n", 2, "unknown key 'hedas'"),
            ("[cue] a\ngenerate: 5\n", 2, "generate needs a decoder"),
            ("[cue] a\nablate: 5.3\n", 2, "ablate needs a decoder"),
            ("[cue] a\nview: lens\n", 2, "view lens needs a decoder"),
            ("# intro\n\n[cue] a\nheads: 0\n", 4, "heads must be"),
            ("[cue] a\nheads: 3\n", 2, "not divisible by 3 heads"),
            ("[cue] a\ncaption: x\nd_model: 8\nheads: 3\n", 4, "not divisible by 3 heads"),
            ("[cue] a\nheads: 2\nseed: 1\nheads: 4\n", 4, "'heads' is set twice in this cue (first on line 2)"),
            ("[cue] a\nheads: 2\n[cue] b\nhead: 5\n", 4, "head 5: the seeded engine has 2 heads"),
            ("heads: 2\n[cue] a\n", 1, "before the first [cue]"),
            ("# nothing\n", 1, "no cues"),
            ("[cue] a\ntemperature: 20\n", 2, "temperature must be 0.1 to 10"),
            ("[cue] a\nlayer: 2\n", 2, "layer needs a trained model"),
            ("[cue] a\nview: model\n", 2, "view model needs a trained model"),
            ("[slide] a\n", 1, "unknown section"),
            ("[cue] a\njust words\n", 2, "expected 'key: value'"),
            // Over the limits the flags enforce, on the input as it accumulates.
            ("[cue] a\ninput: \(CueLimitsTests.words5000)\n", 2, "5000 tokens is too many"),
            (
                "[cue] a\ninput: \(CueLimitsTests.words2000)\n[cue] b\ntype: \(CueLimitsTests.words2000) \(CueLimitsTests.words2000)\n",
                4, "too many"
            ),
            (
                "[cue] a\ninput: \(CueLimitsTests.words2000)\n[cue] b\ncaption: big\nd_model: 4096\nheads: 4096\n", 5,
                "memory"
            ),
            ("[cue] a\nd_model: 4096\nheads: 4096\n[cue] b\ninput: \(CueLimitsTests.words2000)\n", 5, "memory"),
            ("[cue] a\ninput: one two three\nquery: 4\n", 3, "query 4: the input has 3 tokens"),
            ("[cue] a\ninput: one two three\n[cue] b\nkey: 9\n", 4, "key 9: the input has 3 tokens"),
            ("[cue] a\ninput: one\ntype: two three\nquery: 2\n", 4, "query 2: the input has 1 token "),
        ])
    func problems(_ text: String, _ line: Int, _ message: String) {
        guard case .failure(let p) = CueScript.parse(text, name: "talk.cues", base: .lecture) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(p.line == line, "\(p)")
        #expect(p.description.hasPrefix("talk.cues:\(line): "), "\(p)")
        #expect(p.message.contains(message), "\(p)")
    }

    static func loaded(_ text: String) throws -> AppState {
        var s = AppState(input: "one two three", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        s.load(cues: try CueScript.parse(text, name: "t", base: s.settings).get())
        return s
    }

    @Test("a cue changes only what it names; PageDown and PageUp step the lecture")
    func onlyWhatItNames() throws {
        var s = try Self.loaded(
            "[cue] a\nheads: 2\ncaption: two heads\n[cue] b\nview: arcs\n[cue] c\nseed: 7\ncaption:\n")
        let before = s.settings
        _ = reduce(&s, .keyPressed(.pageDown, []))
        #expect(s.lecture.index == 0 && s.settings.heads == 2 && s.lecture.caption == "two heads")
        var expected = before
        expected.heads = 2
        #expect(s.settings == expected)
        _ = reduce(&s, .keyPressed(.pageDown, []))
        #expect(s.view == .arcs && s.settings == expected && s.lecture.caption == "two heads")
        _ = reduce(&s, .keyPressed(.pageDown, []))
        #expect(s.settings.seed == 7 && s.lecture.caption == nil)
        _ = reduce(&s, .keyPressed(.pageDown, []))
        #expect(s.lecture.index == 2 && s.message?.text.contains("last cue") == true)
        _ = reduce(&s, .keyPressed(.pageUp, []))
        #expect(s.lecture.index == 1 && s.settings == expected && s.lecture.caption == "two heads")
        // Without cues PageDown is still "halve d_model".
        var plain = AppState(input: "a b", viewport: Size(1280, 720))
        _ = reduce(&plain, .keyPressed(.pageDown, []))
        #expect(plain.settings.dModel == 8)
    }

    @Test("jumping to a cue equals stepping to it, once the stepping has settled")
    func jumpEqualsSteps() throws {
        let text = try Self.lecture("attention-from-scratch.cues")
        var stepped = try Self.loaded(text)
        var jumped = stepped
        let count = stepped.lecture.script?.cues.count ?? 0
        for _ in 0..<count {
            _ = reduce(&stepped, .keyPressed(.pageDown, []))
            for _ in 0..<200 where !stepped.cueSettled { _ = reduce(&stepped, .tick(seconds: 0.05)) }
        }
        _ = reduce(&jumped, .goToCue(count - 1))
        #expect(stepped.input == jumped.input)
        #expect(stepped.settings == jumped.settings)
        #expect(
            stepped.view == jumped.view && stepped.lecture.caption == jumped.lecture.caption
                && stepped.arcs == jumped.arcs)
        #expect(stepped.trace == jumped.trace)
    }

    @Test("typed text arrives one character per 1/speed seconds, whatever the tick size")
    func typingOverTime() throws {
        var a = try Self.loaded("[cue] t\ntype: four\nspeed: 10\n")
        var b = a
        _ = reduce(&a, .goToCue(0))
        _ = reduce(&b, .goToCue(0))
        _ = reduce(&a, .tick(seconds: 0.25))
        for _ in 0..<25 { _ = reduce(&b, .tick(seconds: 0.01)) }
        // A space first (the input ends in a word), then "f": two characters in 0.25 s at 10 a second.
        #expect(a.input.text == "one two three f" && b.input.text == a.input.text)
        _ = reduce(&a, .tick(seconds: 1))
        #expect(a.input.text == "one two three four" && a.lecture.typing == nil)
        // Typing by hand while a cue types: the cue's text is finished first, never interleaved.
        b.lecture.presenting = false
        _ = reduce(&b, .textTyped("!"))
        #expect(b.input.text == "one two three four!" && b.lecture.typing == nil)
    }

    @Test(
        "presenting: Space and → step, ← goes back, a number and Enter jump, B blanks; a click on the input line types, Esc presents again"
    )
    func clickerKeys() throws {
        var s = try Self.loaded("[cue] a\nheads: 2\n[cue] b\nheads: 4\n[cue] c\nseed: 3\n[cue] d\nview: arcs\n")
        #expect(s.lecture.presenting)
        _ = reduce(&s, .textTyped(" "))
        #expect(s.lecture.index == 0 && s.input.text == "one two three", "Space stepped instead of typing")
        _ = reduce(&s, .keyPressed(.right, []))
        #expect(s.lecture.index == 1 && s.settings.seed == 42, "→ stepped instead of changing the seed")
        _ = reduce(&s, .keyPressed(.left, []))
        #expect(s.lecture.index == 0)
        _ = reduce(&s, .textTyped("4"))
        _ = reduce(&s, .keyPressed(.enter, []))
        #expect(s.lecture.index == 3 && s.view == .arcs)
        _ = reduce(&s, .keyPressed(.home, []))
        #expect(s.lecture.index == 0)
        _ = reduce(&s, .textTyped("b"))
        #expect(s.lecture.blanked)
        let blank = scene(s)
        #expect(blank.count <= 3, "a blanked screen draws the background and a faint B only")
        _ = reduce(&s, .textTyped(" "))
        #expect(!s.lecture.blanked && s.lecture.index == 1)
        // Click the input line: typing goes to the input; Esc gives the keys back.
        let input = ChromeLayout(s, metrics: LayoutMetrics(s)).input
        _ = reduce(&s, .pointerPressed(.left, x: input.center.x, y: input.center.y, clicks: 1))
        #expect(!s.lecture.presenting)
        _ = reduce(&s, .textTyped(" four"))
        #expect(s.input.text == "one two three four")
        _ = reduce(&s, .keyPressed(.escape, []))
        #expect(s.lecture.presenting)
    }
}

@Suite("Compare mode")
struct CompareTests {
    @Test("Ctrl+F freezes A; a change shows A, B and B − A titled by what differs; Ctrl+F again stops")
    func freezeAndCompare() throws {
        var s = AppState(input: "the cat sat on the mat", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        _ = reduce(&s, .keyPressed(.letterF, .control))
        let a = try #require(s.compare.frozen)
        #expect(a.frame == s.target)
        _ = reduce(&s, .keyPressed(.letterT, .control))
        _ = reduce(&s, .tick(seconds: 5))
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains("A: T=1.00") && texts.contains { $0.hasPrefix("B: T=") } && texts.contains("B − A"))
        // The difference heatmaps are B − A of the shown frames, on a diverging map: not all white.
        let maps = scene(s).compactMap { c -> [UInt32]? in
            if case .heatmap(_, let cols, let rows, let px, _) = c, cols == 6 && rows == 6 { return px }
            return nil
        }
        #expect(maps.count == 6)
        let white = Colormap.diverging.argb(0.5, table: Colormap.diverging.table)
        #expect(maps[2].contains { $0 != white } && maps[5].contains { $0 != white })
        _ = reduce(&s, .keyPressed(.letterF, .control))
        #expect(s.compare.frozen == nil)
    }

    @Test("a text of another length is shown beside A with its own tokens, and no B − A, saying why")
    func differentTokens() {
        var s = AppState(input: "the cat sat", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        _ = reduce(&s, .keyPressed(.letterF, .control))
        _ = reduce(&s, .textTyped(" down"))
        _ = reduce(&s, .tick(seconds: 5))
        let texts = scene(s).compactMap { c -> String? in
            if case .text(let t) = c { return t.string }
            return nil
        }
        #expect(texts.contains { $0.hasPrefix("3 and 4 tokens: no B − A") }, "\(texts)")
        #expect(texts.contains("A: the cat sat") && texts.contains("B: …down"), "\(texts)")
        #expect(texts.contains("down") && !texts.contains { $0.hasPrefix("B − A") })
    }

    @Test("a cue sets it up: 'compare: freeze' keeps the previous cue's picture as A")
    func cueFreeze() throws {
        var s = AppState(input: "the cat sat on the mat", viewport: Size(1280, 720))
        _ = reduce(&s, .tick(seconds: 5))
        let before = s.target
        s.load(
            cues: try CueScript.parse("[cue] hot\ncompare: freeze\ntemperature: 0.5\n", name: "c", base: s.settings)
                .get())
        _ = reduce(&s, .goToCue(0))
        #expect(s.compare.frozen?.frame == before)
        #expect(s.settings.temperature == 0.5)
    }

    @Test(
        "CRLF and CR line ends and a byte order mark read as the same lecture as LF",
        arguments: ["\r\n", "\r", "\n"], [false, true])
    func lineEnds(_ end: String, _ bom: Bool) throws {
        let lines = ["[cue] A", "heads: 2", "caption: two heads", "[cue] B", "seed: 7"]
        let text = (bom ? "\u{FEFF}" : "") + lines.joined(separator: end) + end
        let reference = try CueScript.parse(lines.joined(separator: "\n") + "\n", name: "t", base: .lecture).get()
        let script = try CueScript.parse(text, name: "t", base: .lecture).get()
        #expect(script == reference)
        #expect(script.cues.count == 2 && script.cues[0].heads == 2 && script.cues[0].caption == "two heads")
        #expect(script.cues[0].title == "A" && script.cues[1].seed == 7)
    }

    @Test("the window opens a lecture on its first cue, not on the state the cues start from")
    func opensOnFirstCue() throws {
        guard
            case .success(let script) = CueScript.parse(
                "[cue] one\ninput: a b c\n[cue] two\ninput: d e\n", name: "t", base: .lecture)
        else {
            Issue.record("the lecture did not parse")
            return
        }
        var s = AppState(input: "the cat sat")
        s.load(cues: script)
        #expect(s.lecture.index == -1 && s.input.text == "the cat sat")
        s.openLecture()
        #expect(s.lecture.index == 0 && s.input.text == "a b c")
        s.openLecture()
        #expect(s.lecture.index == 0)
    }
}
