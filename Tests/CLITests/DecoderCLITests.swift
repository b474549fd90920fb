import AttentionCore
import Foundation
import TestSupport
import Testing

/// `dump --model F.gguf` and `generate` through the real binary, on SmolLM2 and a small llama.
@Suite("attnviz decoders")
struct DecoderCLITests {
    @Test("dump --model F.gguf: tokens, ids, causal maps [layer][head][q][k], the top 10 next tokens")
    func dump() throws {
        let r = try Run(["dump", "--model", Decoders.smolLM2, "--input", "The capital of France is"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["layers"] as? Int == 30 && model["heads"] as? Int == 9 && model["kv_heads"] as? Int == 3)
        #expect(json["architecture"] as? String == "llama")
        #expect(json["tokens"] as? [String] == ["The", "␣capital", "␣of", "␣France", "␣is"])
        let ids = try #require(json["token_ids"] as? [Int])
        #expect(try Decoders.referenceIDs(Decoders.smolLM2, ["The capital of France is"]) == [ids])
        let atts = try #require(json["attentions"] as? [[[[Double]]]])
        #expect(atts.count == 30 && atts.allSatisfyNonEmpty { $0.count == 9 })
        for row in 0..<5 {
            #expect(abs(atts[29][8][row].reduce(0, +) - 1) < 1e-5)
            // The last row has no later keys: its empty slice passes on purpose.
            #expect(atts[0][0][row][(row + 1)...].allSatisfy { $0 == 0 })
        }
        let next = try #require(json["next_tokens"] as? [[String: Any]])
        #expect(next.count == 10 && next[0]["token"] as? String == "␣Paris")
        let probabilities = next.compactMap { $0["probability"] as? Double }
        #expect(
            probabilities.count == 10 && zip(probabilities, probabilities.dropFirst()).allSatisfyNonEmpty { $0 >= $1 })
    }

    @Test("generate writes the reference's greedy words; --json gives each step's token, probability and rows")
    func generate() throws {
        let r = try Run([
            "generate", "--model", Decoders.smolLM2, "--input", "The capital of France is", "--tokens", "4",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let ids = try Decoders.referenceIDs(Decoders.smolLM2, ["The capital of France is"])[0]
        let ref = try Decoders.referenceForward(Decoders.smolLM2, ids: ids, steps: 4)
        let json = try Run([
            "generate", "--model", Decoders.smolLM2, "--input", "The capital of France is", "--tokens", "4", "--json",
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let steps = try #require(doc["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["id"] as? Int } == ref.greedy)
        #expect(r.stdout == (doc["text"] as? String ?? "?") + "\n")
        for (i, step) in steps.enumerated() {
            let rows = try #require(step["attention"] as? [[[Double]]])
            #expect(rows.count == 30 && rows[0].count == 9 && rows[0][0].count == ids.count + i + 1)
            // Greedy: rank 1, and the first of the step's top 5.
            let top = try #require(step["top"] as? [[String: Any]])
            #expect(step["rank"] as? Int == 1 && top.count == 5 && top.first?["id"] as? Int == step["id"] as? Int)
        }
        // The first step's top 5 and their chances are numpy's, on the prompt.
        let first = try #require(steps.first?["top"] as? [[String: Any]])
        #expect(first.compactMap { $0["id"] as? Int } == ref.top.prefix(5).map(\.0))
        for (t, r) in zip(first, ref.top) {
            #expect(abs((t["probability"] as? Double ?? -1) - r.2) < 1e-4)
        }
    }

    @Test("induction preset: every head's induction and previous-token scores in dump are numpy's on the dumped maps")
    func inductionScores() throws {
        let text = RepeatPreset.text(count: 20)
        let dump = try Run(["dump", "--model", Decoders.smolLM2, "--input", text])
        #expect(dump.status == 0, "\(dump.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let ours = try #require(doc["induction_scores"] as? [[Double]])
        let prev = try #require(doc["previous_token_scores"] as? [[Double]])
        let out = try Python.run(
            [RepoPaths.root() + "/bench/reference_llama.py", "head-scores", "-"], stdin: dump.stdout)
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let refInd = try #require(ref["induction"] as? [[Double]])
        let refPrev = try #require(ref["previous_token"] as? [[Double]])
        #expect(ours.count == 30 && ours.allSatisfy { $0.count == 9 } && (ref["repeated_rows"] as? Int ?? 0) >= 19)
        let worst = zip(ours + prev, refInd + refPrev).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 1
        #expect(worst < 1e-6, "scores differ from numpy by \(worst)")
        // SmolLM2 has induction heads: on the repeat, the best reads the next token most of the time.
        let best = ours.enumerated().flatMap { l, row in row.enumerated().map { (l, $0, $1) } }.max { $0.2 < $1.2 }
        print("induction: best head L\((best?.0 ?? 0) + 1) H\((best?.1 ?? 0) + 1) \(best?.2 ?? 0)")
        #expect((best?.2 ?? 0) > 0.3)
    }

    @Test("a sampled step's rank says where its token stood; within the top 5 it is that entry")
    func sampledRank() throws {
        let json = try Run([
            "generate", "--model", Decoders.smolLM2, "--input", "Once upon a time", "--tokens", "12", "--temperature",
            "2", "--sample-seed", "3", "--json",
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let steps = try #require(doc["steps"] as? [[String: Any]])
        #expect(steps.count == 12)
        #expect(
            steps.contains { ($0["rank"] as? Int ?? 0) > 1 }, "at temperature 2 some step draws a token below the top")
        for step in steps {
            let rank = try #require(step["rank"] as? Int)
            let top = try #require(step["top"] as? [[String: Any]])
            if rank <= 5 { #expect(top[rank - 1]["id"] as? Int == step["id"] as? Int) }
            #expect(!top.prefix(min(rank - 1, 5)).contains { $0["id"] as? Int == step["id"] as? Int })
        }
    }

    @Test("sampling is seeded: the same seed writes the same words, and --chat answers a question")
    func sampling() throws {
        let args = [
            "generate", "--model", Decoders.smolLM2, "--input", "Once upon a time", "--tokens", "12", "--temperature",
            "1.2", "--top-k", "40", "--top-p", "0.95",
        ]
        let a = try Run(args + ["--sample-seed", "5"])
        let b = try Run(args + ["--sample-seed", "5"])
        let c = try Run(args + ["--sample-seed", "6"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout != c.stdout, "\(a.stderr)")
        let chat = try Run([
            "generate", "--model", Decoders.smolLM2, "--chat", "--input", "What is the capital of France?", "--tokens",
            "20",
        ])
        #expect(chat.status == 0 && chat.stdout.contains("Paris"), "\(chat.stdout) \(chat.stderr)")
    }

    @Test("render --chat wraps the question in the template; --sample-temperature and --top-k reshape the bars")
    func renderSampling() throws {
        let dir = NSTemporaryDirectory() + "attnviz-chat-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = [
            "render", "--model", Decoders.smolLM2, "--input", "What is the capital of France?", "--size", "640x360",
        ]
        let plain = try Run(base + ["--out", dir + "/a.bmp"])
        let chat = try Run(base + ["--chat", "--out", dir + "/b.bmp"])
        let hot = try Run(base + ["--chat", "--sample-temperature", "1.5", "--top-k", "5", "--out", dir + "/c.bmp"])
        #expect(plain.status == 0 && chat.status == 0 && hot.status == 0, "\(chat.stderr) \(hot.stderr)")
        let frames = try ["a", "b", "c"].map { try Data(contentsOf: URL(fileURLWithPath: dir + "/\($0).bmp")) }
        #expect(Set(frames).count == 3)
        let again = try Run(base + ["--chat", "--sample-temperature", "1.5", "--top-k", "5", "--out", dir + "/d.bmp"])
        let replay = try Data(contentsOf: URL(fileURLWithPath: dir + "/d.bmp"))
        #expect(again.status == 0 && replay == frames[2])
    }

    @Test("the window opens SmolLM2 under the offscreen driver and --generate writes as it opens")
    func window() throws {
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        env["DISPLAY"] = nil
        let r = try Run(
            [
                "--model", Decoders.smolLM2, "--input", "The capital of France is", "--generate", "2", "--bench-frames",
                "600",
            ], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.stdout.split(separator: " ")
        let tokens = parts.firstIndex(of: "tokens").flatMap { Int(parts[$0 + 1]) } ?? 0
        #expect(r.stdout.contains("frames 600") && tokens >= 6, "\(r.stdout)")
    }

    @Test(
        "bad decoder flags and files are one line that names the problem",
        arguments: [
            (["generate", "--input", "x"], 2, "generate needs --model F.gguf"),
            (["generate", "--model", "@BERT", "--input", "x"], 2, "is an encoder"),
            (["generate", "--model", "/nonexistent/m.gguf", "--input", "x"], 1, "no such file"),
            (["generate", "--model", "@SMOL", "--temperature", "11"], 2, "--temperature must be a number from 0"),
            (["generate", "--model", "@SMOL", "--top-p", "0"], 2, "--top-p must be a number above 0"),
            (["generate", "--model", "@SMOL", "--tokens", "-1"], 2, "--tokens needs a whole number"),
            (["generate", "--model", "@SMOL", "--input", ""], 2, "the input is empty"),
            (["generate", "--model", "@SMOL", "--heads", "3"], 2, "unknown flag '--heads'"),
            (["dump", "--model", "@FALCON"], 1, "architecture 'falcon' is not read"),
            (["generate", "--model", "@TINY", "--tokens", "600", "--input", "x"], 2, "passes"),
            (["--generate", "3"], 2, "--generate needs a decoder"),
            (["render", "--out", "/tmp/x.bmp", "--chat"], 2, "--chat needs a decoder"),
            (["render", "--out", "/tmp/x.bmp", "--top-k", "3"], 2, "they need --model F.gguf"),
            (
                ["render", "--out", "/tmp/x.bmp", "--model", "@TINY", "--chat", "--sample-temperature", "10.5"], 2,
                "--sample-temperature must be"
            ),
        ])
    func refused(_ args: [String], _ status: Int32, _ message: String) throws {
        let resolved = try args.map { a -> String in
            switch a {
            case "@SMOL": return Decoders.smolLM2
            case "@FALCON": return try Decoders.tiny(["arch=falcon"])
            case "@TINY": return try Decoders.tiny()
            case "@BERT": return try TinyBert().write(to: TinyBert.temporaryFolder("cli-encoder"))
            default: return a.hasPrefix("models/") ? RepoPaths.root() + "/" + a : a
            }
        }
        let r = try Run(resolved)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").first?.contains(message) == true, "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == (status == 2 ? 2 : 1), "\(args): \(r.stderr)")
    }
}
