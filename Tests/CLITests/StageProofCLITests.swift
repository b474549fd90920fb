import Foundation
import TestSupport
import Testing

/// Issue 30's files and flags, through the real binary: listings that promised what does not
/// open, cues that were silently ignored, messages in BERT's words, raw control bytes, internal
/// spellings, misnamed problems and inconsistent exits.
@Suite("Stage-proof III")
struct StageProofCLITests {
    @Test("attnviz models lists what will not open as such, with the reason, reading headers only")
    func listingTellsTheTruth() throws {
        let dir = try TinyBert.scratchFolder("stage-list")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        let cases: [(String, [String], String)] = [
            ("good.gguf", [], "llama 3 × 6 (2 kv)"),
            ("missing.gguf", ["drop=blk.0.attn_q.weight"], "tensor 'blk.0.attn_q.weight' is missing"),
            ("wordpiece.gguf", ["tok=bert"], "tokenizer 'bert' is not read"),
            ("spm.gguf", ["tok=llama"], "llama 3 × 6 (2 kv)"),
            ("merges.gguf", ["merge=abc"], "not two symbols"),
            ("blocks.gguf", ["blocks=4"], "tensor 'blk.3.attn_norm.weight' is missing"),
        ]
        for (name, options, _) in cases {
            try fm.copyItem(atPath: try Decoders.tiny(options), toPath: dir + "/" + name)
        }
        // An encoder folder whose weights are a link to /dev/zero, and one whose config.json is a FIFO.
        let zero = try TinyBert().write(to: dir + "/zero")
        try fm.removeItem(atPath: zero + "/model.safetensors")
        try fm.createSymbolicLink(atPath: zero + "/model.safetensors", withDestinationPath: "/dev/zero")
        let fifo = try TinyBert().write(to: dir + "/fifo")
        try fm.removeItem(atPath: fifo + "/config.json")
        #expect(mkfifo(fifo + "/config.json", 0o600) == 0)
        let loop = try TinyBert().write(to: dir + "/loop")
        try fm.removeItem(atPath: loop + "/model.safetensors")
        try fm.createSymbolicLink(atPath: loop + "/model.safetensors", withDestinationPath: loop + "/model.safetensors")
        let r = try Run(["models", "--dir", dir], environment: ["HF_HUB_CACHE": dir + "/no-hub"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for (name, _, says) in cases {
            let line = lines.first { $0.contains(name) } ?? ""
            #expect(line.contains(says), "\(name): \(line)")
            #expect(line.contains("cannot open") == !["good.gguf", "spm.gguf"].contains(name), "\(name): \(line)")
        }
        let expected = [("/zero", "device"), ("/fifo", "FIFO"), ("/loop", "loop of symbolic links")]
        for (name, says) in expected {
            let line = lines.first { $0.contains(name + " ") } ?? ""
            #expect(line.contains("cannot open") && line.contains(says), "\(name): \(line)")
        }
        // What the listing says opens, opens; what it refuses is refused with the same reason.
        let open = try Run(["dump", "--model", dir + "/good.gguf", "--input", "the cat"])
        #expect(open.status == 0, "\(open.stderr)")
        let refused = try Run(["dump", "--model", dir + "/loop", "--input", "the cat"])
        #expect(refused.status == 1 && refused.stderr.contains("loop of symbolic links"), "\(refused.stderr)")
    }

    @Test("generate: in a cue after an encoder's model: is refused as FILE:LINE before anything is recorded")
    func generateAfterEncoder() throws {
        let dir = try TinyBert.scratchFolder("stage-cue")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bert = try TinyBert().write(to: dir + "/bert")
        let cues = dir + "/a.cues"
        try "[cue] a\nmodel: \(bert)\ninput: the cat\n[cue] b\ngenerate: 4\n".write(
            toFile: cues, atomically: true, encoding: .utf8)
        let r = try Run(["record", "--cues", cues, "--out", dir + "/out", "--every-cue", "--size", "64x64"])
        #expect(r.status != 0 && r.stderr.contains("\(cues):5: generate needs a decoder"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test("a decoder's limits are told in tokens and its context length; GPT-2 is named as what it is")
    func decoderWords() throws {
        let tiny = try Decoders.tiny()
        let long = String(repeating: "x ", count: 600)
        let r = try Run(["dump", "--model", tiny, "--input", long])
        #expect(r.status == 2 && r.stderr.contains("tokens; this model reads at most 512 (its context length)"))
        #expect(!r.stderr.contains("[CLS]") && !r.stderr.contains("word pieces"), "\(r.stderr)")
        let (gpt2, _) = try HuggingFace.model("gpt2", ["x"])
        let d = try Run(["dump", "--model", gpt2, "--input", "the cat"])
        #expect(d.status == 0 && d.stdout.contains("\"architecture\": \"gpt2\""), "\(d.stderr)")
        #expect(!d.stdout.contains("\"llama\""))
        let dir = try TinyBert.scratchFolder("stage-enc")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = try Run(["generate", "--model", try TinyBert().write(to: dir + "/bert"), "--input", "x"])
        #expect(g.status == 2 && g.stderr.contains("GPT-2"), "\(g.stderr)")
    }

    @Test("control bytes from files are escaped as \\x1b in errors and listings; a NUL ends no line early")
    func controlBytes() throws {
        let dir = try TinyBert.scratchFolder("stage-ctl")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(
            atPath: try Decoders.tiny(["arch=ll\u{1b}[31mama\u{7}\nx"]), toPath: dir + "/esc.gguf")
        let r = try Run(["dump", "--model", dir + "/esc.gguf", "--input", "x"])
        #expect(r.status == 1 && r.stderr.contains("ll\\x1b[31mama\\x07 x"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1b}") && !r.stderr.contains("\u{7}") && r.stderrLines.count == 1)
        let list = try Run(["models", "--dir", dir], environment: ["HF_HUB_CACHE": dir + "/no-hub"])
        #expect(list.stdout.split(separator: "\n").count == 1 && !list.stdout.contains("\u{1b}"), "\(list.stdout)")
        // A NUL inside a cue value: the line is whole, ends with a newline, and shows the byte.
        let cues = dir + "/nul.cues"
        try Data("[cue] a\nheads: 2\u{0}x\n".utf8).write(to: URL(fileURLWithPath: cues))
        let c = try Run(["record", "--cues", cues, "--out", dir + "/out", "--size", "32x32"])
        #expect(c.status != 0 && c.stderr.hasSuffix("\n") && c.stderr.contains("\\x00"), "\(c.stderr.debugDescription)")
    }

    @Test("metadata values are quoted as the file has them, and a bad number names which one")
    func internalSpellings() throws {
        let align = try Run(["dump", "--model", try Decoders.tiny(["align=32"]), "--input", "x"])
        #expect(align.status == 1 && align.stderr.contains("got '32'") && !align.stderr.contains("string("))
        let rope = try Run(["dump", "--model", try Decoders.tiny(["ropedim=15"]), "--input", "x"])
        #expect(rope.status == 1 && rope.stderr.contains("rope.dimension_count 15 ") && !rope.stderr.contains("uint("))
    }

    @Test(
        "generate: no input, two inputs, and an --input-file that is no file are usage errors, with or without --model")
    func generateInputs() throws {
        let tiny = try Decoders.tiny()
        let none = try Run(["generate", "--model", tiny, "--tokens", "2"])
        #expect(none.status == 2 && none.stderr.contains("--input TEXT or --input-file F"), "\(none.stderr)")
        let dir = try TinyBert.scratchFolder("stage-input")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "the cat".write(toFile: dir + "/in.txt", atomically: true, encoding: .utf8)
        let both = try Run(["generate", "--model", tiny, "--input", "a", "--input-file", dir + "/in.txt"])
        #expect(both.status == 2 && both.stderr.contains("give one"), "\(both.stderr)")
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        for path in [dir + "/fifo", dir, "/dev/zero"] {
            for model in [[], ["--model", tiny]] {
                let r = try Run(["generate", "--input-file", path] + model)
                #expect(r.status == 2 && r.stderrLines.first?.contains("--input-file") == true, "\(path): \(r.stderr)")
            }
        }
    }
}
