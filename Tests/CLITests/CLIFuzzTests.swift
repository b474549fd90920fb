import Foundation
import TestSupport
import Testing

/// Seeded argument lists and files through the real binary, under `ulimit -v` and a time limit.
///
/// `make test` runs a few hundred; `make fuzz` runs thousands (FUZZ_RUNS, FUZZ_SEED).
@Suite("CLI fuzz", .serialized)
struct CLIFuzzTests {
    static let runs = Int(ProcessInfo.processInfo.environment["FUZZ_RUNS"] ?? "") ?? 240
    static let seed = UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 20_261_129
    /// Address space a run may use (KiB for ulimit -v): far below the machine, above what the
    /// runtime reserves.
    static let addressSpaceKiB = 4_000_000
    static let timeLimit: TimeInterval = 30

    struct Outcome {
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
        var stdout: Data
        var stderr: String
    }

    /// - Parameters:
    ///   - closedReader: stdout is a pipe whose reader is gone before the program writes (as in
    ///     `attnviz dump | head -c 0`).
    ///   - timeLimit: seconds before the watchdog kills it (a hang, not a slow machine: the
    ///     window's 602 frames take 15 s alone and over 30 s beside the rest of the suite).
    static func run(
        _ args: [String], env: [String: String], closedReader: Bool = false, timeLimit: TimeInterval = timeLimit
    ) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v \(addressSpaceKiB); exec \"$0\" \"$@\"", BuiltProducts.attnviz] + args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        environment["DISPLAY"] = nil
        environment["WAYLAND_DISPLAY"] = nil
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        if closedReader { try out.fileHandleForReading.close() }
        let watchdog = DispatchWorkItem { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: watchdog)
        // Read both pipes while the process runs (a full pipe must not stall it).
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let group = DispatchGroup()
        group.enter()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async {
            if !closedReader { box.data = reader.readDataToEndOfFile() }
            group.leave()
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        watchdog.cancel()
        let o = box.data
        let signaled = p.terminationReason == .uncaughtSignal
        return Outcome(
            status: p.terminationStatus, signaled: signaled, timedOut: signaled && p.terminationStatus == SIGKILL,
            stdout: o, stderr: String(decoding: e, as: UTF8.self))
    }

    /// The files a run may be pointed at: ordinary, special and broken.
    static func makeFiles(_ dir: String) throws -> [String: String] {
        let fm = FileManager.default
        try "the cat sat on the mat".write(toFile: dir + "/words.txt", atomically: true, encoding: .utf8)
        try "1, 1, 2, 3, 5, 8".write(toFile: dir + "/numbers.txt", atomically: true, encoding: .utf8)
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: URL(fileURLWithPath: dir + "/binary.txt"))
        try Data(repeating: 0x61, count: (1 << 20) + 1).write(to: URL(fileURLWithPath: dir + "/big.txt"))
        try fm.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/nothing")
        try fm.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: dir + "/loop")
        _ = mkfifo(dir + "/fifo", 0o600)
        try fm.createDirectory(atPath: dir + "/folder", withIntermediateDirectories: true)
        try TinyBert().write(to: dir + "/model")
        var half = TinyBert()
        half.dtype = .f16
        try half.write(to: dir + "/model-f16")
        try TinyBert().write(to: dir + "/model-cut")
        let weights = try Data(contentsOf: URL(fileURLWithPath: dir + "/model-cut/model.safetensors"))
        try weights.prefix(weights.count / 3).write(to: URL(fileURLWithPath: dir + "/model-cut/model.safetensors"))
        // Lectures as editors on every system save them, and ones the check must refuse.
        let lecture = ["[cue] A", "heads: 2", "caption: two heads", "[cue] B", "seed: 3", "view: arcs"]
        try (lecture.joined(separator: "\r\n") + "\r\n").write(
            toFile: dir + "/crlf.cues", atomically: true, encoding: .utf8)
        try lecture.joined(separator: "\r").write(toFile: dir + "/cr.cues", atomically: true, encoding: .utf8)
        try ("\u{FEFF}" + lecture.joined(separator: "\n")).write(
            toFile: dir + "/bom.cues", atomically: true, encoding: .utf8)
        try "[cue] A\nheads: 2\nheads: 4\n".write(toFile: dir + "/twice.cues", atomically: true, encoding: .utf8)
        try "[cue] A\nd_model: 6\nheads: 4\n[cue] B\nhead: 9\n".write(
            toFile: dir + "/bad.cues", atomically: true, encoding: .utf8)
        // Over the limits the flags enforce, and a short one worth recording.
        try ("[cue] A\ninput: " + Array(repeating: "w", count: 5000).joined(separator: " ") + "\n").write(
            toFile: dir + "/big.cues", atomically: true, encoding: .utf8)
        try "[cue] A\ninput: a b c\nquery: 99\n".write(toFile: dir + "/query.cues", atomically: true, encoding: .utf8)
        try "[cue] A\ninput: a b c\nqueries: 1, 99999999999999999999,-3\n[cue] B\nqueries: 2,,3\n".write(
            toFile: dir + "/queries.cues", atomically: true, encoding: .utf8)
        try "[cue] A\nheads: 2\nhold: 0.2\ntransition: 0.1\n[cue] B\ntype: more\nhold: 0\n".write(
            toFile: dir + "/short.cues", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: dir + "/link.mp4", withDestinationPath: dir + "/words.txt")
        // Decoders: a small llama, the same cut short, an architecture not read (falcon), nothing, a folder.
        let tiny = try Data(contentsOf: URL(fileURLWithPath: try Decoders.tiny()))
        try tiny.write(to: URL(fileURLWithPath: dir + "/tiny.gguf"))
        try tiny.prefix(tiny.count / 3).write(to: URL(fileURLWithPath: dir + "/cut.gguf"))
        try tiny.prefix(100).write(to: URL(fileURLWithPath: dir + "/head.gguf"))
        try Data(contentsOf: URL(fileURLWithPath: try Decoders.tiny(["arch=falcon"]))).write(
            to: URL(fileURLWithPath: dir + "/falcon.gguf"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.gguf"))
        try fm.createDirectory(atPath: dir + "/folder.gguf", withIntermediateDirectories: true)
        // A decoder lecture that writes, and ones whose writing keys are wrong.
        try
            "[cue] A\nmodel: \(dir)/tiny.gguf\ninput: the cat\nsample_temperature: 0.7\ngenerate: 3\nhold: 0.5\n[cue] B\nview: lens\nhold: 0.1\n"
            .write(toFile: dir + "/gen.cues", atomically: true, encoding: .utf8)
        try "[cue] A\nmodel: \(dir)/tiny.gguf\ngenerate: 99999999999999999999\n[cue] B\nsample_temperature: nan\n"
            .write(
                toFile: dir + "/badgen.cues", atomically: true, encoding: .utf8)
        try "[cue] A\ngenerate: 4\nview: lens\n".write(toFile: dir + "/toygen.cues", atomically: true, encoding: .utf8)
        try makeTokenizerFolders(dir)
        return ["dir": dir]
    }

    /// Folders whose tokenizer is tokenizer.json (good, broken, refused) and a hub cache holding one.
    static func makeTokenizerFolders(_ dir: String) throws {
        let fm = FileManager.default
        for (name, json) in [
            ("model-tok", try TinyBert.tokenizerJSON()), ("model-badtok", Data("{".utf8)),
            ("model-precompiled", try TinyBert.tokenizerJSON(normalizer: ["type": "Precompiled"])),
        ] {
            try TinyBert().write(to: dir + "/" + name)
            try fm.removeItem(atPath: dir + "/\(name)/vocab.txt")
            try json.write(to: URL(fileURLWithPath: dir + "/\(name)/tokenizer.json"))
        }
        let snapshot = dir + "/hub/models--org--tiny/snapshots/abc"
        try fm.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
        for file in ["config.json", "tokenizer.json", "model.safetensors"] {
            try fm.createSymbolicLink(atPath: snapshot + "/" + file, withDestinationPath: dir + "/model-tok/" + file)
        }
        try fm.createDirectory(atPath: dir + "/hub/models--org--empty", withIntermediateDirectories: true)
        // Hugging Face decoders (random GPT-2 and llama from transformers), one cut short.
        for arch in ["gpt2", "llama"] {
            let (folder, _) = try HuggingFace.model(arch, [])
            try fm.copyItem(atPath: folder, toPath: dir + "/hf-" + arch)
        }
        try fm.copyItem(atPath: dir + "/hf-gpt2", toPath: dir + "/hf-cut")
        let cut = try Data(contentsOf: URL(fileURLWithPath: dir + "/hf-cut/model.safetensors"))
        try cut.prefix(cut.count / 2).write(to: URL(fileURLWithPath: dir + "/hf-cut/model.safetensors"))
    }

    /// `attnviz models` and --model given as a hub id or a tokenizer.json folder.
    static func hubArguments(_ g: inout SeededGenerator, dir: String, texts: [String]) -> (
        args: [String], out: String?, env: [String: String]
    ) {
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
        let env = ["HF_HUB_CACHE": pick([dir + "/hub", dir + "/hub", dir + "/nothing", dir + "/words.txt", ""])]
        switch Int.random(in: 0..<3, using: &g) {
        case 0:
            let flags = [
                [], ["--dir", dir], ["--dir", dir + "/nothing"], ["--dir"], ["--help"], ["--bogus"],
                ["--dir", dir + "/fifo"],
            ]
            return (["models"] + pick(flags), nil, env)
        default:
            let model = pick([
                "org/tiny", "org/tiny", "org/empty", "nobody/none", "gpt2", dir + "/model-tok", dir + "/model-badtok",
                dir + "/model-precompiled", "a/b/c", "org/tiny/", dir + "/hf-gpt2", dir + "/hf-llama", dir + "/hf-cut",
            ])
            var args = [pick(["dump", "render", "generate"]), "--model", model]
            if args[0] == "generate" { args += ["--tokens", pick(["1", "4", "0", "x"])] }
            if Bool.random(using: &g) { args += ["--input", pick(texts)] }
            guard args[0] == "render" else { return (args, nil, env) }
            return (args + ["--out", dir + "/out.bmp"], dir + "/out.bmp", env)
        }
    }

    static func arguments(_ g: inout SeededGenerator, dir: String) -> (
        args: [String], out: String?, env: [String: String]
    ) {
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
        let long = String(repeating: "é", count: 5000)
        let texts = [
            "the cat sat", "1 2 3 5 8", "", "   ", "👨‍👩‍👧 猫 e\u{301} 🇫🇷", "nan 1", "1e400 2", "0x10 1", long,
            (0..<600).map { "w\($0)" }.joined(separator: " "), "a ||| b", "[SEP] [MASK] x", "\u{0}\u{7}\u{1b}[31m",
        ]
        let numbers = [
            "0", "1", "2", "3", "4", "7", "8", "16", "64", "512", "4096", "-1", "+3", "0x10", "1e3",
            "9223372036854775807",
            "99999999999999999999", "nan", "inf", "", " 4", "٣", "1.5",
        ]
        let paths = [
            dir + "/words.txt", dir + "/numbers.txt", dir + "/binary.txt", dir + "/big.txt", dir + "/dangling",
            dir + "/loop",
            dir + "/fifo", dir + "/folder", dir + "/nothing", "/dev/null", "/dev/zero", "",
            String(repeating: "p", count: 300),
        ]
        let masks = [
            "none", "causal", "padding:3", "window:2", "causal+padding:1+window:9223372036854775807", "padding:-1",
            "sideways",
            "window:0", "causal+causal", "padding:99999999999999999999",
        ]
        let models = [
            dir + "/model", dir + "/model-f16", dir + "/model-cut", dir + "/folder", dir + "/nothing",
            dir + "/words.txt",
        ]
        let decoders = [
            dir + "/tiny.gguf", dir + "/tiny.gguf", dir + "/cut.gguf", dir + "/head.gguf", dir + "/falcon.gguf",
            dir + "/empty.gguf", dir + "/folder.gguf", dir + "/nothing.gguf", dir + "/fifo", Decoders.smolLM2,
        ]
        let command = pick(["dump", "dump", "render", "render", "render", "window", "record", "bogus", "generate"])
        if command == "generate" {
            var args = ["generate"]
            if Int.random(in: 0..<8, using: &g) > 0 { args += ["--model", pick(decoders + [dir + "/model"])] }
            for _ in 0..<Int.random(in: 0...5, using: &g) {
                switch Int.random(in: 0..<9, using: &g) {
                case 0: args += ["--input", pick(texts + ["<|im_start|>user\nhi<|im_end|>", "<|im_end"])]
                case 1: args += ["--tokens", pick(numbers)]
                case 2: args += ["--temperature", pick(numbers + ["0.7", "10.5"])]
                case 3: args += ["--top-k", pick(numbers)]
                case 4: args += ["--top-p", pick(["0", "0.5", "1", "1.01", "nan", "-0.1", "0.9"])]
                case 5: args += ["--sample-seed", pick(numbers)]
                case 6: args += [pick(["--chat", "--json", "--help", "--heads", "--view"])]
                case 7: args += ["--input-file", pick(paths)]
                default: args += ["--tokens", pick(["1", "3", "8"])]
                }
            }
            return (args, nil, [:])
        }
        if command == "dump" && Int.random(in: 0..<5, using: &g) == 0 {
            var args = ["dump", "--model", pick(decoders)]
            if Bool.random(using: &g) { args += ["--input", pick(texts)] }
            return (args, nil, [:])
        }
        var args: [String] =
            command == "window" ? [] : (command == "bogus" ? [pick(["frobnicate", "", "-x", "--"])] : [command])
        var out: String?
        var env: [String: String] = [:]
        let useModel = Int.random(in: 0..<4, using: &g) == 0
        if useModel {
            args += ["--model", pick(models + [dir + "/tiny.gguf", dir + "/cut.gguf", dir + "/falcon.gguf"])]
        }
        // A recording is refused by any bad flag; few flags, so some get as far as writing.
        for _ in 0..<Int.random(in: 0...(command == "record" ? 1 : 5), using: &g) {
            switch Int.random(in: 0..<16, using: &g) {
            case 0: args += ["--input", pick(texts)]
            case 1: args += ["--input-file", pick(paths)]
            case 2: args += ["--heads", pick(numbers)]
            case 3: args += ["--d-model", pick(numbers)]
            case 4: args += ["--seed", pick(numbers)]
            case 5: args += ["--mask", pick(masks)]
            case 6: args += ["--temperature", pick(numbers)]
            case 7: args += ["--mode", pick(["auto", "words", "numbers", "poetry"])]
            case 8: args += ["--view", pick(["heatmaps", "arcs", "inspector", "explain", "model", "lens", "nope"])]
            case 9:
                args += ["--size", pick(["320x180", "16x16", "16xx16", "x16x16", "2000x2000", "8193x10", "64x64"])]
            case 10: args += ["--layer", pick(numbers)]
            case 11: args += ["--font", pick(paths + ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"])]
            case 12: args += ["--arc-top-k", pick(numbers), "--arc-threshold", pick(["0", "0.5", "2", "-0"])]
            case 13:
                args += [pick(["--positional", "--unscaled", "--hide-special", "--help", "--frobnicate", "--input"])]
            case 14: args += ["--time", pick(["0", "0.3", "10", "0x10", "-1", "3601"])]
            default: args += ["--pair-filter", pick(["all", "a-b", "zz"])]
            }
        }
        if command == "render" || command == "window" {
            // A decoder's sampling and chat flags, from their own generator (the main sequence stays).
            var d = SeededGenerator(seed: Self.seed &+ UInt64(args.joined().utf8.count))
            if Int.random(in: 0..<4, using: &d) == 0 {
                let flags = [
                    ["--chat"], ["--sample-temperature", "0.7"], ["--sample-temperature", "nan"], ["--top-k", "3"],
                    ["--top-p", "0"], ["--top-p", "0.9"], ["--sample-temperature", "11"],
                ]
                args += flags[Int.random(in: 0..<flags.count, using: &d)]
            }
        }
        if command == "render" && Int.random(in: 0..<4, using: &g) == 0 {
            let lectures = ["crlf", "cr", "bom", "twice", "bad", "queries", "nothing", "gen", "badgen", "toygen"].map {
                dir + "/" + $0 + ".cues"
            }
            args += ["--cues", pick(lectures)]
            if Bool.random(using: &g) { args += ["--cue", pick(["1", "2", "3", "0"])] }
        }
        if command == "render" && Int.random(in: 0..<6, using: &g) > 0 {
            let target = pick([
                dir + "/out.bmp", dir + "/out.bmp", dir + "/folder", "/dev/full", dir + "/fifo", dir + "/dangling", "",
                dir + "/nothing/x.bmp", dir + "/" + String(repeating: "n", count: 246) + ".bmp", dir + "/out.svg",
                dir + "/out.png", dir + "/noext",
            ])
            args += ["--out", target]
            out = target
        }
        if command == "record" {
            let lectures = [
                "short", "short", "short", "crlf", "big", "query", "bad", "nothing", "gen", "gen", "badgen",
            ].map {
                dir + "/" + $0 + ".cues"
            }
            args += ["--cues", pick(lectures), "--size", pick(["32x32", "32x32", "33x32"]), "--fps", "10"]
            if Bool.random(using: &g) {
                out = pick([dir + "/rec", dir + "/rec", dir + "/words.txt", "", dir + "/nothing/rec", dir + "/fifo"])
                args += ["--out", out!]
            } else {
                out = pick([
                    dir + "/v.mp4", dir + "/v.mp4", dir + "/v.mp4", dir + "/v.mkv", dir + "/fifo", dir + "/dangling",
                    "/dev/full", dir + "/v.avi", "",
                    dir + "/folder", dir + "/nothing/v.mp4", dir + "/link.mp4", "/proc/v.mp4",
                ])
                args += ["--video", out!]
            }
        }
        if command == "window" {
            env["SDL_VIDEODRIVER"] = pick(["offscreen", "dummy", "offscreen"])
            if Int.random(in: 0..<4, using: &g) > 0 { args += ["--bench-frames", pick(["3", "10", "0", "x"])] }
            // A decoder that writes as the window opens, drawn from its own generator so the
            // main sequence (and the coverage it reaches) stays as it was.
            var w = SeededGenerator(seed: Self.seed &+ UInt64(args.count) &* 7919 &+ UInt64(env.count))
            if Int.random(in: 0..<3, using: &w) == 0 {
                args += [
                    "--model", decoders[Int.random(in: 0..<decoders.count, using: &w)], "--generate",
                    ["1", "3", "0", "x", "257"][Int.random(in: 0..<5, using: &w)],
                ]
                if Bool.random(using: &w) {
                    args += ["--sample-seed", ["0", "7", "-1", "x"][Int.random(in: 0..<4, using: &w)]]
                }
            }
        }
        return (args, out, env)
    }

    @Test(
        "hundreds of seeded hostile runs: a known exit code, no signal, no hang, one error line, valid output, no stray files"
    )
    func fuzz() throws {
        let dir = NSTemporaryDirectory() + "attnviz-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.makeFiles(dir)
        let baseline = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        var g = SeededGenerator(seed: Self.seed)
        var statuses: [Int32: Int] = [:]
        var recorded: Set<String> = []
        // After the main sequence, one run in six more: hub ids, tokenizer.json folders and
        // `attnviz models`, from their own generator (the main sequence stays as it was).
        var hub = SeededGenerator(seed: Self.seed &* 0x9E37)
        let hubTexts = ["the cat", "", "[MASK] 猫 e\u{301}", String(repeating: "w ", count: 300)]
        for i in 0..<(Self.runs + Self.runs / 6) {
            let main = i < Self.runs
            let (args, out, env) =
                main ? Self.arguments(&g, dir: dir) : Self.hubArguments(&hub, dir: dir, texts: hubTexts)
            let what =
                "run \(i) (seed \(Self.seed)): attnviz \(args.map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 }) \(env)"
            let draw = main ? Int.random(in: 0..<5, using: &g) : Int.random(in: 0..<5, using: &hub)
            let closedReader = args.first == "dump" && draw == 0
            let r = try Self.run(args, env: env, closedReader: closedReader)
            statuses[r.status, default: 0] += 1
            #expect(!r.timedOut, "\(what): no answer in \(Self.timeLimit) s")
            #expect(!r.signaled, "\(what): killed by signal \(r.status); stderr: \(r.stderr.prefix(300))")
            #expect([0, 1, 2, 3].contains(r.status), "\(what): exit \(r.status)")
            // A recording's progress line ("\rrecord: frame 10 of 12 …") is ended before an error,
            // which is then the one line of its own.
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter {
                !$0.isEmpty && !$0.hasPrefix("\rrecord: ")
            }
            if r.status == 2 {
                #expect(lines.count == 2 && lines[1].contains("--help"), "\(what): \(r.stderr.prefix(400))")
            } else if r.status != 0 {
                #expect(lines.count == 1, "\(what): \(r.stderr.prefix(400))")
            }
            // A run that printed nothing passes on purpose.
            #expect(
                lines.allSatisfy { $0.count <= 400 },
                "\(what): an error line of \(lines.map(\.count).max() ?? 0) characters")
            if closedReader {
                #expect(r.status != 0 || args.contains("--help"), "\(what): a closed reader was success")
            }
            if r.status == 0, args.first == "generate", args.contains("--json"), !args.contains("--help") {
                #expect((try? JSONSerialization.jsonObject(with: r.stdout)) != nil, "\(what): stdout is not JSON")
            }
            if r.status == 0, args.first == "dump", !args.contains("--help"), !closedReader {
                #expect((try? JSONSerialization.jsonObject(with: r.stdout)) != nil, "\(what): stdout is not JSON")
            }
            if r.status == 0, args.first == "render", !args.contains("--help"), let out {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: out))).map { [UInt8]($0) } ?? []
                if out.hasSuffix(".svg") {
                    #expect(String(decoding: bytes, as: UTF8.self).contains("<svg"), "\(what): \(out) is not SVG")
                } else {
                    #expect((try? BMPImage(bytes: bytes)) != nil, "\(what): \(out) is not a BMP")
                }
            }
            if r.status == 0, args.first == "record", !args.contains("--help"), let out {
                recorded.insert(args.contains("--video") ? "video" : "frames")
                if args.contains("--video") {
                    let head = (try? Data(contentsOf: URL(fileURLWithPath: out)))?.prefix(12) ?? Data()
                    #expect(
                        head.count == 12 && (head[4...7] == Data("ftyp".utf8) || head[0] == 0x1a), "\(what): no video")
                } else {
                    let frames = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter {
                        $0 != ".attnviz-recording"
                    }
                    #expect(
                        !frames.isEmpty && frames.allSatisfyNonEmpty { $0.hasPrefix("frame-") }, "\(what): \(frames)")
                }
            }
            #expect(
                (try? String(contentsOfFile: dir + "/words.txt", encoding: .utf8)) == "the cat sat on the mat",
                "\(what): wrote through a link")
            // Nothing but the finished output may appear beside the inputs.
            let now = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
            let extra = now.subtracting(baseline)
            let expected: Set<String> =
                r.status == 0 && out != nil ? [URL(fileURLWithPath: out!).lastPathComponent] : []
            #expect(extra.isSubset(of: expected), "\(what): left \(extra.sorted())")
            for name in extra { try? FileManager.default.removeItem(atPath: dir + "/" + name) }
        }
        // The generator must reach every outcome, or it tests less than it claims.
        #expect(
            statuses[0, default: 0] > 10 && statuses[1, default: 0] > 5 && statuses[2, default: 0] > 10
                && statuses[3, default: 0] > 0,
            "exit codes seen: \(statuses)")
        // Some recordings must get as far as writing (which kind depends on the seed).
        #expect(!recorded.isEmpty, "no recording succeeded")
    }

    /// `rss_start_kib A rss_end_kib B` from a --bench-fuzz report.
    static func residentKiB(_ line: String) -> (start: Int, end: Int)? {
        let parts = line.split(whereSeparator: { $0 == " " || $0.isNewline })
        guard let a = parts.firstIndex(of: "rss_start_kib"), let b = parts.firstIndex(of: "rss_end_kib"),
            a + 1 < parts.count, b + 1 < parts.count, let start = Int(parts[a + 1]), let end = Int(parts[b + 1])
        else { return nil }
        return (start, end)
    }

    @Test(
        "the window under seeded random keys, clicks, wheel, resizes and pastes: no trap, memory flat after warm-up",
        arguments: [("toy", UInt64(3)), ("model", UInt64(4))])
    func window(_ kind: String, _ seed: UInt64) throws {
        let dir = NSTemporaryDirectory() + "attnviz-winfuzz-\(getpid())-\(kind)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var args = [
            "--bench-frames", String(Int(ProcessInfo.processInfo.environment["FUZZ_FRAMES"] ?? "") ?? 602),
            "--bench-fuzz", String(seed), "--screenshot-dir", dir + "/shots",
        ]
        try FileManager.default.createDirectory(atPath: dir + "/shots", withIntermediateDirectories: true)
        if kind == "model" {
            try TinyBert().write(to: dir + "/model")
            args += ["--model", dir + "/model"]
        }
        // SDL's own software renderer: Mesa's llvmpipe (behind "opengl" here) caches compiled
        // shader variants, hundreds of MB that are the driver's, not ours.
        let r = try Self.run(
            args, env: ["SDL_VIDEODRIVER": "offscreen", "SDL_RENDER_DRIVER": "software"], timeLimit: 180)
        #expect(r.status == 0 && !r.signaled, "\(kind): \(r.status) \(r.stderr)")
        let line = String(decoding: r.stdout, as: UTF8.self)
        let rss = try #require(Self.residentKiB(line), "no memory report in: \(line)")
        #expect(
            rss.start > 0 && rss.end - rss.start < 128 * 1024,
            "\(kind): resident \(rss.start) KiB after warm-up, \(rss.end) KiB at the end")
    }
}
