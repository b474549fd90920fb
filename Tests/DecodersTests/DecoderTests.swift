import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// The llama-family forward against bench/reference_llama.py (numpy, every weight as
/// gguf.quants.dequantize expands it), and the key/value cache against the whole forward.
@Suite("GGUF decoder")
struct DecoderTests {
    func compare(
        _ path: String, _ text: String, steps: Int, by reference: String = "forward", tolerance: Double = 1e-4
    ) throws {
        let model = try GGUFModelFile.load(path).get()
        let ids = try model.encode(text).get()
        let state = model.forward(ids)
        let ref = try Decoders.referenceForward(path, ids: ids, steps: steps, by: reference)
        #expect(ref.attentions.count == model.config.layers && ref.attentions[0].count == model.config.heads)
        let worst = HuggingFace.worstAttention(ref.attentions) { state.attention(layer: $0, head: $1) }
        #expect(worst < tolerance, "attention differs from \(reference) by \(worst)")
        let top = NextToken.top(state.logits, count: 10)
        #expect(top.prefix(5).map(\.id) == ref.top.prefix(5).map(\.0))
        for (t, r) in zip(top, ref.top) where t.id == r.0 {
            #expect(abs(Double(t.logit) - r.1) < 10 * tolerance && abs(t.probability - r.2) < tolerance)
        }
        var s = state
        var greedy: [Int] = []
        for step in 0..<steps {
            let next = NextToken.choose(s.logits, sampling: Sampling(), seed: 0, step: step)
            greedy.append(next)
            model.append([next], to: &s)
        }
        #expect(greedy == ref.greedy)
    }

    @Test(
        "head knock-out: SmolLM2 with heads 3.2, 5.1 and 12.7 zeroed is transformers' with the same hook, within 1e-4")
    func knockout() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let ids = try model.encode("The capital of France is").get()
        let pairs = [(2, 1), (4, 0), (11, 6)]
        let knocked = model.forward(ids, knockout: HeadKnockout(pairs.map { (layer: $0.0, head: $0.1) }))
        let ref = try Decoders.referenceForward(Decoders.smolLM2, ids: ids, steps: 2, by: "transformers", ablate: pairs)
        let worst = HuggingFace.worstAttention(ref.attentions) { knocked.attention(layer: $0, head: $1) }
        #expect(worst < 1e-4, "knocked-out attention differs from transformers by \(worst)")
        #expect(NextToken.top(knocked.logits, count: 5).map(\.id) == ref.top.prefix(5).map(\.0))
        // Not vacuous: the knock-out moves the numbers, from the layer after the first knocked-out head.
        let plain = model.forward(ids)
        #expect(plain.attention(layer: 2, head: 0) == knocked.attention(layer: 2, head: 0))
        #expect(plain.attention(layer: 3, head: 0) != knocked.attention(layer: 3, head: 0))
        #expect(plain.logits != knocked.logits)
    }

    @Test(
        "mean-ablation: heads 3.2, 5.1 and 12.7 replaced by their running mean is transformers' with the same hook, within 1e-4; written on, it is the whole forward bit for bit"
    )
    func meanAblation() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let ids = try model.encode("The capital of France is a city that").get()
        let pairs = [(2, 1), (4, 0), (11, 6)]
        var k = HeadKnockout(pairs.map { (layer: $0.0, head: $0.1) })
        k.mean = true
        let mean = model.forward(ids, knockout: k)
        let ref = try Decoders.referenceForward(
            Decoders.smolLM2, ids: ids, steps: 1, by: "transformers", ablate: pairs, mean: true)
        let worst = HuggingFace.worstAttention(ref.attentions) { mean.attention(layer: $0, head: $1) }
        #expect(worst < 1e-4, "mean-ablated attention differs from transformers by \(worst)")
        #expect(NextToken.top(mean.logits, count: 5).map(\.id) == ref.top.prefix(5).map(\.0))
        let refP = ref.top.first.map(\.2) ?? -1
        let ourP = NextToken.top(mean.logits, count: 1).first?.probability ?? 0
        #expect(abs(ourP - refP) < 1e-4, "top probability \(ourP) vs transformers' \(refP)")
        // Not zeroing: the two knock-outs give different numbers.
        k.mean = false
        let zeroed = model.forward(ids, knockout: k)
        #expect(zeroed.logits != mean.logits)
        // Causal: a prefix's state, then the rest appended (as writing does), is the whole forward.
        k.mean = true
        var part = model.forward(Array(ids.prefix(4)), knockout: k)
        model.append(Array(ids.dropFirst(4)), to: &part)
        #expect(part.logits == mean.logits && part.attention(layer: 20, head: 3) == mean.attention(layer: 20, head: 3))
        // And a cached state cut back and run again (a superseded or edited request) agrees too.
        let cached = model.state(for: ids, inspect: 0, knockout: k)
        let again = model.state(for: Array(ids.prefix(6)) + [ids[7], ids[6]], inspect: 0, knockout: k)
        let fresh = model.forward(Array(ids.prefix(6)) + [ids[7], ids[6]], knockout: k)
        #expect(cached.logits == mean.logits && again.logits == fresh.logits)
    }

    @Test("the --ablate list: 1-based LAYER.HEAD pairs, each checked; hostile lists end in one line")
    func knockoutParser() throws {
        #expect(try HeadKnockout.parse("5.3, 12.7", layers: 30, heads: 9).get().label == "5.3, 12.7")
        for bad in ["", "5", "5.", ".3", "0.1", "31.1", "5.10", "a.b", "5.3,", "1e3.1", "-1.2", "5.3.1", "٣.١"] {
            if case .success = HeadKnockout.parse(bad, layers: 30, heads: 9) { Issue.record("'\(bad)' was taken") }
        }
        var g = SeededGenerator(seed: 0xAB1A7E)
        let alphabet = Array("0123456789.,, -+e٣\u{0}🙂x")
        for _ in 0..<5_000 {
            let s = String(
                (0..<Int.random(in: 0...24, using: &g)).map { _ in
                    alphabet[Int.random(in: 0..<alphabet.count, using: &g)]
                })
            switch HeadKnockout.parse(s, layers: 30, heads: 9) {
            case .success(let k):
                #expect(
                    k.heads.allSatisfy { (0..<30).contains($0.key) && $0.value.allSatisfy { (0..<9).contains($0) } })
            case .failure(let e): #expect(!e.reason.contains("\n"))
            }
        }
    }

    @Test("SmolLM2-135M: attention within 1e-4 of numpy, the same top 5, the same greedy words")
    func smolLM2() throws {
        try compare(Decoders.smolLM2, "The capital of France is", steps: 4)
    }

    @Test("SmolLM2-135M, second opinion: transformers + torch loading the GGUF itself agree within 1e-4")
    func smolLM2Transformers() throws {
        let chat = "<|im_start|>user\nWhat is 7 times 8? Answer briefly.<|im_end|>\n<|im_start|>assistant\n"
        try compare(Decoders.smolLM2, chat, steps: 3, by: "transformers")
    }

    @Test(
        "head sizes that are no multiple of 16 (a teaching model's 4 and 12): numpy's numbers, prompt and cache alike",
        arguments: [["heads=8"], ["heads=24", "kv=4"]])
    func anyHeadSize(options: [String]) throws {
        let path = try Decoders.tiny(options)
        let model = try GGUFModelFile.load(path).get()
        #expect(model.config.headSize % 16 != 0)
        try compare(path, "the cat sat on the mat", steps: 3)
        // A token appended alone gets the numbers it gets inside the whole prompt.
        let ids = try model.encode("the cat sat on").get()
        let whole = model.forward(ids)
        var grown = model.forward(Array(ids.dropLast()))
        model.append([ids.last!], to: &grown)
        #expect(whole.logits == grown.logits)
    }

    @Test("Llama 3.1's RoPE frequency factors (rope_freqs.weight, 1 to 8 here) divide each pair's angle, as numpy does")
    func ropeFactors() throws {
        let path = try Decoders.tiny(["ropefreqs=1"])
        let model = try GGUFModelFile.load(path).get()
        #expect(model.weights.ropeFactors?.count == model.config.headSize / 2)
        try compare(path, "the cat sat on the mat", steps: 3)
        // Without the factors the attention differs: the test would see a file that ignored them.
        let plain = try GGUFModelFile.load(try Decoders.tiny([])).get()
        let ids = try model.encode("the cat sat on the mat").get()
        #expect(model.forward(ids).attention(layer: 0, head: 0) != plain.forward(ids).attention(layer: 0, head: 0))
    }

    @Test("a random llama with a SentencePiece vocabulary (Llama 2's, TinyLlama's): BOS, ▁ pieces, numpy's numbers")
    func sentencePiece() throws {
        let path = try Decoders.tiny(["tok=llama"])
        let model = try GGUFModelFile.load(path).get()
        let ids = try model.encode("the cat sat on the mat").get()
        #expect(ids.first == 1, "BOS first, as llama.cpp adds it to a SentencePiece vocabulary")
        #expect(
            ids.dropFirst().map { model.tokenizer.pipeline.readable($0) } == [
                "␣the", "␣cat", "␣sat", "␣on", "␣the", "␣mat",
            ])
        try compare(path, "the cat sat on the mat", steps: 3)
    }

    @Test(
        "a random llama with odd sizes, GQA 3:1, untied output and Q4_1/Q8_0/F16 weights",
        arguments: ["the cat sat on the mat", "a  b\n\nc 12 'll"])
    func tiny(text: String) throws {
        try compare(try Decoders.tiny(), text, steps: 5)
    }

    @Test("a cached token gets exactly the numbers it gets inside the whole prompt; earlier rows stay")
    func cache() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let ids = try model.encode("The cat sat on the mat because it").get()
        let whole = model.forward(ids)
        var stepwise = model.start()
        for (i, id) in ids.enumerated() {
            var before = stepwise
            model.append([id], to: &stepwise)
            // Everything but the logits, which move to the new last position.
            before.logits = []
            let unchanged = stepwise.prefix(i) == before
            #expect(unchanged, "appending token \(i) changed what came before it")
            #expect(stepwise.attentionRows[0][0].count == (i + 1) * (i + 2) / 2)
        }
        let same = stepwise == whole
        #expect(same, "token by token differs from the whole prompt")
        var chunked = model.forward(Array(ids.prefix(3)))
        model.append(Array(ids.dropFirst(3)), to: &chunked)
        let sameChunked = chunked == whole
        #expect(sameChunked, "3 then the rest differs from the whole prompt")
    }

    @Test("a tied output (no output.weight) reads the embedding as the output matrix")
    func tied() throws {
        let tied = try GGUFModelFile.load(try Decoders.tiny(["tied=1"])).get()
        #expect(tied.weights.tiedOutput)
        try compare(try Decoders.tiny(["tied=1"]), "the cat", steps: 2)
    }

    @Test(
        "files AttnViz cannot run are one line that names the problem",
        arguments: [
            (["arch=falcon"], "architecture 'falcon' is not read"),
            // What it says does open, and only that.
            (
                ["arch=falcon"],
                "'llama' (SmolLM2, Llama 2 and 3, TinyLlama), 'qwen2' (Qwen 2 and 2.5), 'qwen3', 'gemma', 'gemma2', 'gemma3' and 'phi3'"
            ),
            // A family that opens still needs its own tensors.
            (["arch=qwen2"], "tensor 'blk.0.attn_q.bias' is missing"),
            (["pre=weird-family"], "pre-tokenizer 'weird-family' is not read"),
            (["drop=blk.1.ffn_up.weight"], "tensor 'blk.1.ffn_up.weight' is missing"),
            (["vocab_only=1"], "a vocabulary only, no weights"),
        ])
    func refused(_ options: [String], _ message: String) throws {
        switch GGUFModelFile.load(try Decoders.tiny(options)) {
        case .success: Issue.record("\(options) loaded")
        case .failure(let e): #expect(e.description.contains(message), "\(e.description)")
        }
    }

    @Test("the chat template is recognised from the file and wraps a question as ChatML")
    func chat() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        guard case .chatML(let system)? = model.chat else {
            Issue.record("\(String(describing: model.chat))")
            return
        }
        #expect(system == "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        #expect(model.chat?.wrap("Hi?").hasSuffix("<|im_start|>user\nHi?<|im_end|>\n<|im_start|>assistant\n") == true)
    }
}

@Suite("Next-token sampling")
struct SamplingTests {
    let logits: [Float] = [2, 1, 0.5, 3, -1, 3]

    @Test("greedy shows temperature 1 unfiltered; ties go to the lower id")
    func greedy() {
        let top = NextToken.top(logits, count: 3)
        #expect(top.map(\.id) == [3, 5, 0])
        #expect(abs(top[0].probability - top[1].probability) < 1e-12)
        #expect(NextToken.choose(logits, sampling: Sampling(), seed: 9, step: 0) == 3)
    }

    @Test("temperature flattens or sharpens the bars; top-k and top-p cut them and renormalise")
    func filters() {
        let hot = NextToken.top(logits, count: 6, sampling: Sampling(temperature: 2))
        let cold = NextToken.top(logits, count: 6, sampling: Sampling(temperature: 0.5))
        let plain = NextToken.top(logits, count: 6, sampling: Sampling(temperature: 1))
        #expect(hot[2].probability > plain[2].probability && plain[2].probability > cold[2].probability)
        let k = NextToken.top(logits, count: 6, sampling: Sampling(temperature: 1, topK: 3))
        #expect(k.count == 3 && abs(k.map(\.probability).reduce(0, +) - 1) < 1e-12)
        let p = NextToken.top(logits, count: 6, sampling: Sampling(temperature: 1, topP: 0.6))
        #expect(p.map(\.id) == [3, 5])
    }

    @Test("a seeded draw replays; another seed draws differently")
    func seeded() {
        let s = Sampling(temperature: 1.5)
        let a = (0..<64).map { NextToken.choose(logits, sampling: s, seed: 7, step: $0) }
        let b = (0..<64).map { NextToken.choose(logits, sampling: s, seed: 7, step: $0) }
        let c = (0..<64).map { NextToken.choose(logits, sampling: s, seed: 8, step: $0) }
        #expect(a == b && a != c && Set(a).count > 2)
    }
}

@Suite("Decoder cache in the window")
struct DecoderWindowCacheTests {
    @Test("the window's cached state, truncated and extended, equals a fresh forward of the new tokens")
    func reuse() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let a = try model.encode("The cat sat on the mat").get()
        let b = try model.encode("The cat sat on the rug because").get()
        _ = model.state(for: a, inspect: 3)
        let reused = model.state(for: b, inspect: 3)
        var fresh = model.start()
        fresh.capture = LayerCapture(layer: 3)
        model.append(b, to: &fresh)
        let same = reused == fresh
        #expect(same, "a reused cache differs from a fresh forward")
        var cut = fresh
        cut.truncate(to: 4)
        var prefix = fresh.prefix(4)
        prefix.logits = []
        let truncated = cut == prefix
        #expect(truncated)
    }

    @Test("a sequence keeps what it holds, not double: capacity within 1/16 + 16 tokens, a token at a time too")
    func capacity() throws {
        let model = try GGUFModelFile.load(try Decoders.tiny()).get()
        let c = model.config
        var s = model.forward(Array(repeating: 5, count: 150))
        for t in 0..<70 { model.append([(t * 7) % c.vocabSize], to: &s) }
        let n = s.count
        let room = n + max(16, n / 16) + max(16, n / 16)
        for l in 0..<c.layers {
            #expect(s.keys[l].capacity <= room * c.kvHeads * c.headSize)
            #expect(s.residuals[l].capacity <= room * c.hiddenSize)
            for h in 0..<c.heads { #expect(s.attentionRows[l][h].capacity <= room * (room + 1) / 2) }
        }
        // The maps a trace hands the views are the state's rows, not a copy of them.
        let maps = s.maps
        #expect(maps.matrix(layer: 1, head: 2) == s.attention(layer: 1, head: 2))
        #expect(maps.all.count == c.layers && maps.released().isReleased && maps.released().heads == c.heads)
    }
}
