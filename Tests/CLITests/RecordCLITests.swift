import Foundation
import TestSupport
import Testing

@Suite("attnviz record", .serialized)
struct RecordCLITests {
    static func folder(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "attnviz-record-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    /// A fresh folder holding `files` (name → contents).
    static func folder(_ name: String, holding files: [String: String]) throws -> String {
        let dir = folder(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (file, text) in files { try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
        return dir
    }

    /// attnviz running in the background (its stderr discarded), for what happens while it runs.
    static func launch(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: BuiltProducts.attnviz)
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test("--every-cue writes one settled frame per cue of the toy lecture, the same bytes every time")
    func everyCue() throws {
        let lecture = RepoPaths.root() + "/assets/lectures/attention-from-scratch.cues"
        let a = Self.folder("a")
        let b = Self.folder("b")
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        for dir in [a, b] {
            let r = try Run([
                "record", "--cues", lecture, "--out", dir, "--every-cue", "--size", "640x360", "--theme", "projector",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("frames in"))
        }
        let text = try String(contentsOfFile: lecture, encoding: .utf8)
        let cues = text.split(separator: "\n").filter { $0.hasPrefix("[cue]") }.count
        let files = try FileManager.default.contentsOfDirectory(atPath: a).sorted().filter { !$0.hasPrefix(".") }
        #expect(files.count == cues && files.first == "cue-001.bmp")
        for f in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            #expect(x == y, "\(f) differs between two runs")
            #expect(try BMPImage(bytes: [UInt8](x)).width == 640)
        }
    }

    @Test("the decoder lecture records: the bars, the temperature, the writing, the sink heads, the lens, same bytes")
    func decoderLecture() throws {
        let lecture = RepoPaths.root() + "/assets/lectures/how-a-language-model-writes.cues"
        let a = Self.folder("llm-a")
        let b = Self.folder("llm-b")
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        for dir in [a, b] {
            // The lecture names its model relative to the repository, as a presenter runs it.
            let r = try Run(
                ["record", "--cues", lecture, "--out", dir, "--every-cue", "--size", "640x360"],
                directory: RepoPaths.root())
            #expect(r.status == 0, "\(r.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: a).sorted().filter { !$0.hasPrefix(".") }
        #expect(files.count == 6)
        var frames: [Data] = []
        for f in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            #expect(x == (try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))), "\(f) differs between two runs")
            frames.append(x)
        }
        // Every cue changes the picture: temperature reshapes the bars, the writing adds rows.
        #expect(Set(frames).count == 6)
    }

    @Test("frames at --fps: each cue for its transition, typing and hold; a progress line on stderr")
    func timeline() throws {
        let dir = Self.folder("t")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cues = dir + ".cues"
        try
            "[cue] one\nheads: 2\ntransition: 0.3\nhold: 0.2\n[cue] two\ntype: ab\nspeed: 10\ntransition: 0.3\nhold: 0.2\n"
            .write(toFile: cues, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: cues) }
        let r = try Run(["record", "--cues", cues, "--out", dir, "--fps", "10", "--size", "320x200"])
        #expect(r.status == 0, "\(r.stderr)")
        // (0.3 + 0.2) s and (0.2 typing + 0.3 + 0.2) s at 10 fps: 5 + 7 frames.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { !$0.hasPrefix(".") }
        #expect(files.count == 12 && files.last == "frame-000012.bmp")
        #expect(r.stderr.contains("record: frame 10 of 12"))
    }

    @Test("a cue file with a mistake is refused before anything is written: file:line and what")
    func badCues() throws {
        let dir = Self.folder("bad")
        let cues = dir + ".cues"
        try "[cue] fine\nheads: 2\n\n[cue] broken\nd_model: 6\nheads: 4\n".write(
            toFile: cues, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: cues) }
        for args in [["record", "--cues", cues, "--out", dir], ["render", "--cues", cues, "--out", dir + ".bmp"]] {
            let r = try Run(args)
            #expect(r.status == 1)
            #expect(r.stderrLines.count == 1 && r.stderr.contains("\(cues):6: cue 'broken'"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
        let missing = try Run(["record", "--out", dir])
        #expect(missing.status == 2 && missing.stderr.contains("record needs --cues FILE"))
    }

    @Test("render --cues F --cue N draws the lecture at that cue")
    func renderAtCue() throws {
        let lecture = RepoPaths.root() + "/assets/lectures/attention-from-scratch.cues"
        let out = Self.folder("r") + ".bmp"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try Run(["render", "--cues", lecture, "--cue", "3", "--out", out, "--size", "640x360"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try BMPImage(contentsOf: out).width == 640)
        let tooFar = try Run(["render", "--cues", lecture, "--cue", "99", "--out", out])
        #expect(tooFar.status == 2 && tooFar.stderr.contains("--cue 99"))
    }

    @Test("--video pipes the frames to ffmpeg; the file holds every frame (counted back by ffprobe)")
    func video() throws {
        let dir = Self.folder("v")
        let cues = dir + ".cues"
        let mp4 = dir + ".mp4"
        try
            "[cue] one\nheads: 2\ntransition: 0.3\nhold: 0.2\n[cue] two\ntype: ab\nspeed: 10\ntransition: 0.3\nhold: 0.2\n"
            .write(toFile: cues, atomically: true, encoding: .utf8)
        defer { for f in [cues, mp4] { try? FileManager.default.removeItem(atPath: f) } }
        let r = try Run(["record", "--cues", cues, "--video", mp4, "--fps", "10", "--size", "320x200"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("wrote \(mp4): 12 frames, 1.20 s at 10 fps"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: mp4))
        let odd = try Run(["record", "--cues", cues, "--video", mp4, "--size", "321x200"])
        #expect(odd.status == 2 && odd.stderr.contains("even --size"))
    }

    @Test(
        "a lecture switches models: 'model: DIR' loads a trained model for its cues, 'model: none' goes back to the seeded engine"
    )
    func switchesModels() throws {
        let bert = TinyBert.temporaryFolder("cues-model")
        _ = try TinyBert().write(to: bert)
        let dir = Self.folder("m")
        let cues = dir + ".cues"
        try
            "[cue] toy\ninput: the cat sat\nheads: 2\n[cue] trained\nmodel: \(bert)\nview: model\nlayer: 2\n[cue] toy again\nmodel: none\nview: heatmaps\n"
            .write(toFile: cues, atomically: true, encoding: .utf8)
        defer { for f in [cues, dir, bert] { try? FileManager.default.removeItem(atPath: f) } }
        let r = try Run(["record", "--cues", cues, "--out", dir, "--every-cue", "--size", "640x360"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { !$0.hasPrefix(".") }
        #expect(files == ["cue-001.bmp", "cue-002.bmp", "cue-003.bmp"])
        // The trained model's cue differs from both toy cues, which show the same engine.
        let frames = try files.map { try BMPImage(contentsOf: dir + "/" + $0).pixels }
        #expect(frames[1] != frames[0] && frames[1] != frames[2])
        // A folder that is not a model is refused with its line.
        try "[cue] a\nmodel: /nonexistent-model\n".write(toFile: cues, atomically: true, encoding: .utf8)
        let bad = try Run(["record", "--cues", cues, "--out", dir])
        #expect(bad.status == 1 && bad.stderr.contains("\(cues):2: model '/nonexistent-model'"), "\(bad.stderr)")
    }

    @Test(
        "record --video where the video cannot go: one line naming why, exit 1, no SIGPIPE, nothing left behind",
        arguments: [
            ("/dev/full", "attnviz: cannot write the video to '/dev/full': it is a device, not a file"),
            ("/nonexistent-attnviz-folder/x.mp4", "its folder does not exist"),
            // ffmpeg's own complaint (/proc takes no files), about the name the user gave.
            ("/proc/attnviz-video.mp4", "attnviz: ffmpeg stopped taking frames: /proc/attnviz-video.mp4:"),
            ("talk.avi", "the name must end in .mp4, .mov or .mkv"),
            ("", "the file name is empty"),
            ("/tmp/", "it is a folder"),
        ])
    func videoCannotWrite(_ target: String, _ message: String) throws {
        let cues = Self.folder("video-fail") + ".cues"
        try "[cue] a\nheads: 2\n".write(toFile: cues, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: cues) }
        let r = try Run(["record", "--cues", cues, "--video", target, "--size", "64x64"])
        #expect(r.status == 1, "\(r.status) \(r.stderr)")
        let last = r.stderrLines.last.map(String.init) ?? ""
        #expect(last.hasPrefix("attnviz: ") && last.contains(message), "\(r.stderr)")
        // No blank line before an error that came before any progress.
        #expect(!r.stderr.hasPrefix("\n") && !r.stderr.contains("\n\n"), "\(r.stderr.debugDescription)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        #expect(!left.contains { $0.hasPrefix(".attnviz-") })
    }

    @Test("--video through a symbolic link is refused and the link's target is untouched")
    func videoSymlink() throws {
        let dir = try Self.folder("video-link", holding: ["notes.txt": "my notes", "a.cues": "[cue] a\nheads: 2\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/t.mp4", withDestinationPath: "notes.txt")
        let r = try Run(["record", "--cues", dir + "/a.cues", "--video", dir + "/t.mp4", "--size", "64x64"])
        #expect(r.status == 1 && r.stderr.contains("symbolic link"), "\(r.stderr)")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "my notes")
    }

    @Test("Ctrl+C during a recording over an existing video keeps the old video and leaves no temporary file")
    func videoInterrupted() throws {
        // A minute of frames: still recording when the signal comes.
        let dir = try Self.folder(
            "video-int", holding: ["k.mp4": "the old video", "a.cues": "[cue] a\nheads: 2\nhold: 60\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try Self.launch(["record", "--cues", dir + "/a.cues", "--video", dir + "/k.mp4", "--size", "320x200"])
        // Until ffmpeg has written into the temporary file.
        var waited = 0
        while waited < 200,
            !(try FileManager.default.contentsOfDirectory(atPath: dir)).contains(where: { $0.hasSuffix(".tmp") })
        {
            usleep(50_000)
            waited += 1
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGINT)
        #expect(try String(contentsOfFile: dir + "/k.mp4", encoding: .utf8) == "the old video")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == ["a.cues", "k.mp4"], "\(names)")
    }

    @Test("a second recording into a folder in use is refused naming it; a later one leaves no stale frames")
    func folderInUse() throws {
        let dir = Self.folder("lock")
        let cues = dir + ".cues"
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: cues)
        }
        try "[cue] a\nheads: 2\nhold: 600\n".write(toFile: cues, atomically: true, encoding: .utf8)
        let first = try Self.launch(["record", "--cues", cues, "--out", dir, "--size", "32x32", "--fps", "60"])
        var waited = 0
        while waited < 200, ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).count < 3 {
            usleep(20_000)
            waited += 1
        }
        let second = try Run(["record", "--cues", cues, "--out", dir, "--size", "32x32"])
        first.terminate()
        first.waitUntilExit()
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("another attnviz is recording into '\(dir)'"), "\(second.stderr)")
        // A short recording into the folder of a longer one: only its own frames remain, and
        // what is not a frame stays.
        try "mine".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        try "[cue] a\nhold: 0\ntransition: 0.05\n".write(toFile: cues, atomically: true, encoding: .utf8)
        let short = try Run(["record", "--cues", cues, "--out", dir, "--size", "32x32", "--fps", "60"])
        #expect(short.status == 0, "\(short.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(
            names == [".attnviz-recording", "frame-000001.bmp", "frame-000002.bmp", "frame-000003.bmp", "notes.txt"],
            "\(names)")
    }

    @Test("a lecture that would record over 24 hours of frames is refused before anything is written")
    func overADay() throws {
        let dir = Self.folder("day")
        let cues = dir + ".cues"
        try String(repeating: "[cue] long\nhold: 600\n", count: 145).write(
            toFile: cues, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: cues) }
        let r = try Run(["record", "--cues", cues, "--out", dir, "--fps", "240", "--size", "64x64"])
        #expect(r.status == 2 && r.stderr.contains("over 24 hours"), "\(r.status) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test("slides are named with as many digits as the lecture's last cue needs, so they sort")
    func slideDigits() throws {
        let dir = Self.folder("digits")
        let cues = dir + ".cues"
        try String(repeating: "[cue] s\nhold: 0\ntransition: 0\n", count: 1000).write(
            toFile: cues, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: cues)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let r = try Run(["record", "--cues", cues, "--out", dir, "--every-cue", "--size", "16x16"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { !$0.hasPrefix(".") }
        #expect(names.count == 1000 && names.first == "cue-0001.bmp" && names.last == "cue-1000.bmp")
    }

    @Test("record removes only frames an earlier recording listed as its own; FIFOs, links and others' frames stay")
    func foreignFrames() throws {
        let dir = try Self.folder("foreign", holding: ["cue-004.bmp": "another program's", "frame-000001.bmp": "mine"])
        let cues = dir + ".cues"
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: cues)
        }
        let fm = FileManager.default
        #expect(mkfifo(dir + "/cue-009.bmp", 0o600) == 0)
        try fm.createSymbolicLink(atPath: dir + "/cue-010.bmp", withDestinationPath: dir + "/frame-000001.bmp")
        try "[cue] a\nhold: 0\ntransition: 0\n[cue] b\nhold: 0\n".write(toFile: cues, atomically: true, encoding: .utf8)
        // Two cues: cue-1 and cue-2 are new names, so the recording runs; nothing it did not write goes.
        let r = try Run(["record", "--cues", cues, "--out", dir, "--every-cue", "--size", "16x16"])
        #expect(r.status == 0, "\(r.stderr)")
        let after = try fm.contentsOfDirectory(atPath: dir).sorted()
        #expect(
            after == [
                ".attnviz-recording", "cue-001.bmp", "cue-002.bmp", "cue-004.bmp", "cue-009.bmp", "cue-010.bmp",
                "frame-000001.bmp",
            ], "\(after)")
        #expect(try String(contentsOfFile: dir + "/cue-004.bmp", encoding: .utf8) == "another program's")
        // A name collision with a file it did not write is refused by name, and nothing is lost.
        let frames = try Run(["record", "--cues", cues, "--out", dir, "--size", "16x16", "--fps", "10"])
        #expect(frames.status == 1 && frames.stderr.contains("frame-000001.bmp already exists"), "\(frames.stderr)")
        #expect(try String(contentsOfFile: dir + "/frame-000001.bmp", encoding: .utf8) == "mine")
        #expect(fm.fileExists(atPath: dir + "/cue-001.bmp") && fm.fileExists(atPath: dir + "/cue-002.bmp"))
        // Its own frames are replaced and, when a later recording has fewer, removed.
        try "[cue] a\nhold: 0\ntransition: 0\n".write(toFile: cues, atomically: true, encoding: .utf8)
        let again = try Run(["record", "--cues", cues, "--out", dir, "--every-cue", "--size", "16x16"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(fm.fileExists(atPath: dir + "/cue-001.bmp") && !fm.fileExists(atPath: dir + "/cue-002.bmp"))
        #expect(fm.fileExists(atPath: dir + "/cue-004.bmp") && fm.fileExists(atPath: dir + "/cue-009.bmp"))
    }
}
