import Foundation
import TestSupport
import Testing

/// `--model` through the real binary, on a small BERT folder the test writes.
@Suite("attnviz --model")
struct ModelCLITests {
    static let folder: String = {
        let dir = TinyBert.temporaryFolder("cli-model")
        _ = try? TinyBert().write(to: dir)
        return dir
    }()

    @Test("dump --model prints the model, word pieces, ids, types and every layer's attention")
    func dump() throws {
        let r = try Run(["dump", "--model", Self.folder, "--input", "the cat ||| it sat", "--layer", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["layers"] as? Int == 2 && model["heads"] as? Int == 2 && model["hidden"] as? Int == 8)
        #expect(json["tokens"] as? [String] == ["[CLS]", "the", "cat", "[SEP]", "it", "sat", "[SEP]"])
        #expect(json["token_ids"] as? [Int] == [2, 5, 6, 3, 13, 8, 3])
        #expect(json["token_types"] as? [Int] == [0, 0, 0, 0, 1, 1, 1])
        let atts = try #require(json["attentions"] as? [[[[Double]]]])
        #expect(
            atts.count == 2
                && atts.allSatisfyNonEmpty {
                    $0.count == 2 && $0.allSatisfyNonEmpty { $0.count == 7 && $0.allSatisfyNonEmpty { $0.count == 7 } }
                })
        for row in atts[1][0] { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
        #expect(json["inspected_layer"] as? Int == 2)
        let inspected = try #require(json["inspected"] as? [String: Any])
        let heads = try #require(inspected["heads_detail"] as? [[String: Any]])
        #expect(heads[0]["weights"] as? [[Double]] == atts[1][0])
        #expect(
            try Run(["dump", "--model", Self.folder, "--input", "the cat ||| it sat", "--layer", "2"]).stdout
                == r.stdout)
    }

    @Test(
        "render --model draws every view of a trained model, same bytes every run",
        arguments: ["model", "heatmaps", "arcs", "inspector", "explain"])
    func render(view: String) throws {
        let dir = TinyBert.temporaryFolder("cli-render")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = [
            "render", "--model", Self.folder, "--view", view, "--size", "640x360", "--input",
            "the cat sat, it was tired",
        ]
        let a = try Run(args + ["--out", dir + "/a.bmp"])
        let b = try Run(args + ["--out", dir + "/b.bmp", "--hide-special"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let bytesA = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.bmp"))
        #expect(try Run(args + ["--out", dir + "/c.bmp"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/c.bmp")) == bytesA)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dir + "/b.bmp")) != bytesA, "hiding [CLS]/[SEP] changes the frame"
        )
        #expect(try BMPImage(bytes: [UInt8](bytesA)).width == 640)
    }

    @Test("a broken model folder is one line and exit 1")
    func brokenFolders() throws {
        let base = TinyBert.temporaryFolder("cli-broken")
        defer { try? FileManager.default.removeItem(atPath: base) }
        func folder(_ name: String, _ change: (String) throws -> Void) throws -> String {
            let dir = base + "/" + name
            try TinyBert().write(to: dir)
            try change(dir)
            return dir
        }
        let fm = FileManager.default
        let cases: [(String, String)] = [
            (
                try folder("no-weights") { try fm.removeItem(atPath: $0 + "/model.safetensors") },
                "has no model.safetensors"
            ),
            (try folder("no-vocab") { try fm.removeItem(atPath: $0 + "/vocab.txt") }, "no tokenizer.json, vocab.txt"),
            (
                try folder("truncated") { d in
                    let data = try Data(contentsOf: URL(fileURLWithPath: d + "/model.safetensors"))
                    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: d + "/model.safetensors"))
                }, "truncated"
            ),
            (
                try folder("t5") { d in
                    try Data("{\"model_type\":\"t5\"}".utf8).write(to: URL(fileURLWithPath: d + "/config.json"))
                }, "model_type 't5'"
            ),
            (
                try folder("gpt2") { d in
                    try Data("{\"model_type\":\"gpt2\"}".utf8).write(to: URL(fileURLWithPath: d + "/config.json"))
                }, "missing n_embd"
            ),
            (
                try folder("fifo") { d in
                    try fm.removeItem(atPath: d + "/config.json")
                    #expect(mkfifo(d + "/config.json", 0o600) == 0)
                }, "FIFO (named pipe)"
            ),
            (base + "/no-such-folder", "no such folder"),
            (try folder("file") { _ in } + "/vocab.txt", "is a file"),
        ]
        for (dir, mentions) in cases {
            let r = try Run(["dump", "--model", dir, "--input", "the cat"])
            #expect(r.status == 1, "\(dir): \(r.status) \(r.stderr)")
            #expect(r.stderrLines.count == 1 && r.stderr.contains(mentions), "\(dir): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test(
        "flags that do not fit a trained model are usage errors (exit 2)",
        arguments: [
            (["--heads", "4"], "--heads applies to the seeded engine only"),
            (["--mask", "causal"], "--mask applies to the seeded engine only"),
            (["--layer", "3"], "has 2 layers"),
            (["--layer", "0"], "--layer"),
            (["--input", String(repeating: "the ", count: 50)], "at most 40"),
        ])
    func usage(_ extra: [String], _ mentions: String) throws {
        let r = try Run(["dump", "--model", Self.folder] + extra)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderrLines.first?.contains(mentions) == true, "\(r.stderr)")
    }

    @Test("--layer and --view model without --model say what they need")
    func needsModel() throws {
        let a = try Run(["dump", "--layer", "2"])
        #expect(a.status == 2 && a.stderr.contains("needs --model"))
        let b = try Run(["render", "--out", "/tmp/x.bmp", "--view", "model"])
        #expect(b.status == 2 && b.stderr.contains("needs --model"))
    }

    @Test("the window runs a trained model on its worker (SDL's offscreen driver)")
    func window() throws {
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        let r = try Run(
            ["--model", Self.folder, "--bench-frames", "20", "--input", "the cat sat", "--view", "model"],
            environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tokens 5"), "\(r.stdout)")
    }
}
