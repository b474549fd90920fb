import Foundation
import TestSupport
import Testing

/// Issue 30's families of hostile files, seeded, through the real binary: tokenizer.json
/// mutations, padded vocabularies, NaN in each tensor kind, hub refs, record folders holding
/// FIFOs and links, control bytes in GGUF metadata. Each case must end in bounded time with a
/// known exit code and one clean line; `make fuzz` runs FUZZ_RUNS of each instead of 24.
@Suite("File fuzz", .serialized)
struct FileFuzzTests {
    static let runs = max(24, (Int(ProcessInfo.processInfo.environment["FUZZ_RUNS"] ?? "") ?? 24) / 10)
    static let seed = CLIFuzzTests.seed

    /// One case: exit 0, 1 or 2, no signal, no hang, and an error is one line without raw control bytes.
    static func check(_ args: [String], env: [String: String] = [:], _ what: String) throws -> CLIFuzzTests.Outcome {
        let r = try CLIFuzzTests.run(args, env: env, timeLimit: 20)
        #expect(!r.timedOut && !r.signaled, "\(what): \(args.prefix(4)) signal or hang; \(r.stderr.prefix(300))")
        #expect([0, 1, 2].contains(r.status), "\(what): exit \(r.status) \(r.stderr.prefix(300))")
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("\r") }
        #expect(r.status == 0 || lines.count == (r.status == 2 ? 2 : 1), "\(what): \(r.stderr.prefix(400))")
        let raw = r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" }
        #expect(!raw, "\(what): a raw control byte on stderr: \(r.stderr.debugDescription.prefix(300))")
        return r
    }

    static let patterns = [
        "(a+)+$", "(a|aa)+$", "((a*)*)*c", "(x+x+)+y", "(\\w+\\s?)+$", "\\s+(?!\\S)|\\s+", "\\p{L}+|\\p{N}{1,3}",
        "(?i:'s|'t)|[^\\r\\n\\p{L}]?\\p{L}+", "(", "[", "a{99999}", "a{2,1}", "(?<=a)b", "\\p{Han}", "\\1", "x**",
        "((((((((((a))))))))))*", "[^\\s\\p{L}\\p{N}]+", "a{1000}{1000}", "(?=ab)", "$^", "\\", "[z-a]", ".*.*.*.*=",
    ]

    @Test("tokenizer.json mutations: added-token ids, type ids, regexes, normalizers")
    func tokenizerJSON() throws {
        let dir = try TinyBert.scratchFolder("ffuzz-tok")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var g = SeededGenerator(seed: Self.seed ^ 0x70C)
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
        let ids: [Any] = [-1, 0, 4, 70, Int.max, Int.min, 1 << 40, 9_999_999, 10_000_000, "3", 2.5, NSNull()]
        var outcomes: [Int32: Int] = [:]
        for i in 0..<Self.runs {
            var object = try JSONSerialization.jsonObject(with: TinyBert.tokenizerJSON()) as? [String: Any] ?? [:]
            for _ in 0...Int.random(in: 0...2, using: &g) {
                switch Int.random(in: 0..<4, using: &g) {
                case 0: object["added_tokens"] = [["id": pick(ids), "content": pick(["<x>", "cat", "", "a b"])]]
                case 1:
                    let t = pick([-2, -1, 0, 1, 2, 3, 1001, Int.max])
                    object["post_processor"] = [
                        "type": "TemplateProcessing",
                        "single": [
                            ["SpecialToken": ["id": "[CLS]", "type_id": t]], ["Sequence": ["id": "A", "type_id": 0]],
                        ],
                        "pair": [["Sequence": ["id": "A", "type_id": 0]], ["Sequence": ["id": "B", "type_id": t]]],
                        "special_tokens": ["[CLS]": ["id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]]],
                    ]
                case 2:
                    let p = pick(Self.patterns) + (Bool.random(using: &g) ? pick(Self.patterns) : "")
                    object["pre_tokenizer"] = [
                        "type": "Split", "pattern": ["Regex": p], "behavior": pick(["Isolated", "Removed", "Bogus"]),
                        "invert": Bool.random(using: &g),
                    ]
                default:
                    let content = String(repeating: "a", count: pick([0, 1, 3, 16, 17, 100_000]))
                    object["normalizer"] = [
                        "type": "Replace", "pattern": pick([["String": "a"], ["Regex": pick(Self.patterns)]]),
                        "content": content,
                    ]
                }
            }
            let folder = try TinyBert().write(to: dir + "/m\(i)")
            try FileManager.default.removeItem(atPath: folder + "/vocab.txt")
            try JSONSerialization.data(withJSONObject: object).write(
                to: URL(fileURLWithPath: folder + "/tokenizer.json"))
            let text = pick(["the cat sat", String(repeating: "a", count: 40) + "!", "a ||| b", "[CLS] x", ""])
            let r = try Self.check(["dump", "--model", folder, "--input", text], "tokenizer.json case \(i)")
            outcomes[r.status, default: 0] += 1
            try? FileManager.default.removeItem(atPath: folder)
        }
        print("file fuzz: tokenizer.json \(Self.runs) cases, exits \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes[0, default: 0] > 0 && outcomes[1, default: 0] > 0, "\(outcomes)")
    }

    @Test("NaN in each tensor kind, and control bytes in GGUF metadata")
    func ggufFiles() throws {
        let tensors = [
            "token_embd.weight", "output.weight", "blk.0.attn_q.weight", "blk.1.attn_k.weight", "blk.2.ffn_down.weight",
        ]
        var g = SeededGenerator(seed: Self.seed ^ 0x6A6)
        let controls = (0..<4).map { _ in
            String((0..<6).map { _ in Character(Unicode.Scalar(UInt8.random(in: 1...0x1F, using: &g))) })
        }
        var cases = 0
        for t in tensors {
            let r = try Self.check(
                ["dump", "--model", try Decoders.tiny(["nan=\(t)"]), "--input", "the cat"], "NaN in \(t)")
            #expect(r.status == 1 && r.stderr.contains("not finite"), "\(t): \(r.stderr)")
            cases += 1
        }
        for c in controls {
            let path = try Decoders.tiny(["arch=a\(c)b"])
            for args in [
                ["dump", "--model", path, "--input", "x"],
                ["models", "--dir", URL(fileURLWithPath: path).deletingLastPathComponent().path],
            ] {
                _ = try Self.check(args, env: ["HF_HUB_CACHE": "/nonexistent"], "control bytes \(c.debugDescription)")
                cases += 1
            }
        }
        print("file fuzz: GGUF NaN and control bytes \(cases) cases")
    }

    /// The family keys read since Gemma 3 and Qwen 3, each given values of every type and range.
    static let familyKeys = [
        "attention.key_length", "attention.value_length", "attention.sliding_window",
        "attention.sliding_window_pattern", "final_logit_softcapping", "rope.freq_base_swa", "attention.head_count_kv",
        "rope.dimension_count", "embedding_length", "block_count", "rope.scaling.attn_factor",
        "rope.scaling.original_context_length", "context_length",
    ]
    static var familyValues: [Any] {
        [
            -1, 0, 1, 2, 3, 7, 16, 17, 4096, 1 << 31, Int64.max, 0.5, -2.5, "nan", "inf", 1e30, true, false, "abc", "",
            [true, false, true], [false], [Bool](repeating: true, count: 300), [1, 2, 3], ["a", "b"], [Int](),
        ]
    }

    @Test("Gemma 3, Qwen and Phi-3 LongRoPE metadata of every type and range: head sizes, windows, patterns, soft caps")
    func familyMetadata() throws {
        var g = SeededGenerator(seed: Self.seed ^ 0x9E3)
        var outcomes: [Int32: Int] = [:]
        for i in 0..<Self.runs {
            let arch = Self.pick(&g, ["gemma3", "gemma3", "qwen3", "phi3"])
            var meta: [String: Any] = [:]
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                meta[arch + "." + Self.pick(&g, Self.familyKeys)] = Self.pick(&g, Self.familyValues)
            }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: meta), as: UTF8.self)
            // Phi-3 with LongRoPE's factors (128k, 3.5), whose keys the list above fuzzes.
            let path = try Decoders.tiny(["arch=\(arch)", "meta=\(json)"] + (arch == "phi3" ? ["longrope=1"] : []))
            let r = try Self.check(
                ["generate", "--model", path, "--input", "the cat sat on the mat", "--tokens", "2"],
                "case \(i): \(json)")
            outcomes[r.status, default: 0] += 1
        }
        print("file fuzz: family metadata \(Self.runs) cases, exits \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes[1, default: 0] > 0, "\(outcomes)")
    }

    @Test("hub refs of every shape: huge, binary, short, links, FIFOs; a padded vocabulary writes every id")
    func refsAndPadding() throws {
        let root = try HubCacheCLITests.cache()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ref = root + "/models--org--tiny-bert/refs/main"
        var g = SeededGenerator(seed: Self.seed ^ 0x4EF)
        var opened = 0
        for i in 0..<Self.runs {
            try? FileManager.default.removeItem(atPath: ref)
            switch Int.random(in: 0..<5, using: &g) {
            case 0: try Data(HubCacheCLITests.older.utf8).write(to: URL(fileURLWithPath: ref))
            case 1: _ = mkfifo(ref, 0o600)
            case 2:
                try FileManager.default.createSymbolicLink(
                    atPath: ref, withDestinationPath: Self.pick(&g, ["/dev/zero", ref, "/nothing"]))
            default:
                let n = Self.pick(&g, [0, 1, 39, 40, 41, 64, 300, 1 << 20])
                try Data((0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }).write(to: URL(fileURLWithPath: ref))
            }
            let r = try Self.check(
                ["dump", "--model", "org/tiny-bert", "--input", "the cat"], env: ["HF_HUB_CACHE": root], "ref case \(i)"
            )
            if r.status == 0 { opened += 1 }
        }
        print("file fuzz: hub refs \(Self.runs) cases, \(opened) opened")
        let (padded, _) = try HuggingFace.model("llama-padded", ["x"])
        for s in 0..<Self.runs / 4 {
            let r = try Self.check(
                [
                    "generate", "--model", padded, "--input", "the cat", "--tokens", "24", "--temperature", "10",
                    "--sample-seed", String(s),
                ] + (s % 2 == 0 ? ["--json"] : []), "padded vocabulary, seed \(s)")
            #expect(r.status == 0, "\(r.stderr)")
        }
        print("file fuzz: padded vocabulary \(Self.runs / 4) cases")
    }

    @Test("record folders holding FIFOs, links, folders and others' frames lose nothing they did not write")
    func recordFolders() throws {
        let dir = try TinyBert.scratchFolder("ffuzz-rec")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cues = dir + "/a.cues"
        try "[cue] a\nhold: 0\ntransition: 0\n[cue] b\nhold: 0\n".write(toFile: cues, atomically: true, encoding: .utf8)
        var g = SeededGenerator(seed: Self.seed ^ 0x5EC)
        let fm = FileManager.default
        for i in 0..<Self.runs / 2 {
            let out = dir + "/out\(i)"
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            var planted: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &g) {
                let name = Self.pick(
                    &g, ["cue-001.bmp", "cue-002.bmp", "cue-007.bmp", "frame-000001.bmp", "frame-000003.bmp"])
                guard planted[name] == nil else { continue }
                let path = out + "/" + name
                switch Int.random(in: 0..<4, using: &g) {
                case 0:
                    _ = mkfifo(path, 0o600)
                    planted[name] = "fifo"
                case 1:
                    try fm.createSymbolicLink(atPath: path, withDestinationPath: cues)
                    planted[name] = "link"
                case 2:
                    try fm.createDirectory(atPath: path, withIntermediateDirectories: false)
                    planted[name] = "folder"
                default:
                    try "someone's".write(toFile: path, atomically: true, encoding: .utf8)
                    planted[name] = "file"
                }
            }
            let everyCue = Bool.random(using: &g)
            let r = try Self.check(
                ["record", "--cues", cues, "--out", out, "--size", "16x16", "--fps", "4"]
                    + (everyCue ? ["--every-cue"] : []),
                "record case \(i) \(planted)")
            for (name, kind) in planted {
                let path = out + "/" + name
                var st = stat()
                #expect(lstat(path, &st) == 0, "record case \(i): \(name) (\(kind)) was removed; \(r.stderr)")
                if kind == "file" { #expect((try? String(contentsOfFile: path, encoding: .utf8)) == "someone's") }
            }
            #expect((try? String(contentsOfFile: cues, encoding: .utf8))?.hasPrefix("[cue] a") == true)
        }
        print("file fuzz: record folders \(Self.runs / 2) cases")
    }

    @Test("Ollama manifests mutated: JSON of every shape, digests that climb out, layers that are not objects")
    func ollamaManifests() throws {
        let (env, root) = try StoresCLITests.stores()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifest = env["OLLAMA_MODELS", default: ""] + "/manifests/registry.ollama.ai/library/tiny/latest"
        let good = try String(contentsOfFile: manifest, encoding: .utf8)
        var g = SeededGenerator(seed: Self.seed ^ 0x011A)
        let pieces = [
            "{", "}", "[", "]", "\"layers\"", ":", ",", "null", "1e400", "\"sha256:../../x\"", "\"mediaType\"",
            "\"application/vnd.ollama.image.model\"", "\"digest\"", "\u{0}", "\"\\u0000\"", "[[[[[[[[", "true",
        ]
        var opened = 0
        for i in 0..<Self.runs {
            var text = good
            for _ in 0...Int.random(in: 0...3, using: &g) {
                let at = text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &g))
                if Bool.random(using: &g), at < text.endIndex {
                    text.remove(at: at)
                } else {
                    text.insert(contentsOf: Self.pick(&g, pieces), at: at)
                }
            }
            try text.write(toFile: manifest, atomically: true, encoding: .utf8)
            let r = try Self.check(["dump", "--model", "tiny", "--input", "the cat"], env: env, "manifest case \(i)")
            if r.status == 0 { opened += 1 }
            _ = try Self.check(["models", "--dir", root + "/none"], env: env, "manifest listing \(i)")
        }
        print("file fuzz: Ollama manifests \(Self.runs) cases, \(opened) opened")
    }

    static func pick<T>(_ g: inout SeededGenerator, _ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
}
