import Foundation
import TestSupport
import Testing

/// Issue 10's hostile inputs through the real binary: each was a crash, a hang, a clobbered
/// file or a misleading line before its fix.
@Suite("Hostile inputs")
struct HostileCLITests {
    @Test("a window of Int.max is accepted by dump and render, not an overflow trap")
    func hugeWindow() throws {
        let d = try Run(["dump", "--mask", "window:9223372036854775807", "--input", "a b c"])
        #expect(d.status == 0, "\(d.stderr)")
        let dir = try TinyBert.scratchFolder("hostile-window")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Run([
            "render", "--mask", "causal+window:9223372036854775807", "--out", dir + "/w.bmp", "--size", "320x180",
        ])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(
        "sizes, times and numbers are parsed strictly",
        arguments: [
            (["render", "--out", "/tmp/never.bmp", "--size", "16xx16"], "--size"),
            (["render", "--out", "/tmp/never.bmp", "--size", "x16x16"], "--size"),
            (["render", "--out", "/tmp/never.bmp", "--size", "16x16x"], "--size"),
            (["render", "--out", "/tmp/never.bmp", "--size", "+16x16"], "--size"),
            (["render", "--out", "/tmp/never.bmp", "--time", "0x10"], "--time"),
            (["render", "--out", "/tmp/never.bmp", "--time", "inf"], "--time"),
            (["dump", "--temperature", "0x1p0"], "--temperature"),
            (["dump", "--heads", "+4"], "--heads"),
            (["dump", "--seed", "+4"], "--seed"),
            (["dump", "--input", "0x10 1", "--mode", "numbers"], "not a number"),
        ])
    func strictParsing(_ args: [String], _ mentions: String) throws {
        let r = try Run(args)
        #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderrLines.first?.contains(mentions) == true, "\(args): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.bmp"))
    }

    @Test("--input-file names what is really there, and its size is what was opened")
    func inputFileReasons() throws {
        let dir = try TinyBert.scratchFolder("hostile-input")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        // A 2 MiB file behind a symbolic link: the link is small, the file is not.
        try Data(repeating: 0x61, count: 2 << 20).write(to: URL(fileURLWithPath: dir + "/big.txt"))
        try fm.createSymbolicLink(atPath: dir + "/link.txt", withDestinationPath: dir + "/big.txt")
        try fm.createSymbolicLink(atPath: dir + "/dangling.txt", withDestinationPath: dir + "/nothing.txt")
        try fm.createSymbolicLink(atPath: dir + "/loop-a", withDestinationPath: dir + "/loop-b")
        try fm.createSymbolicLink(atPath: dir + "/loop-b", withDestinationPath: dir + "/loop-a")
        try fm.createSymbolicLink(atPath: dir + "/to-dir", withDestinationPath: dir)
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        let cases: [(String, String)] = [
            (dir + "/link.txt", "2097152 bytes"),
            (dir + "/dangling.txt", "symbolic link to nothing"),
            (dir + "/loop-a", "loop of symbolic links"),
            (dir + "/to-dir", "folder"),
            (dir + "/fifo", "FIFO"),
            ("/dev/null", "device"),
            ("/dev/zero", "device"),
        ]
        for (path, mentions) in cases {
            let start = Date()
            let r = try Run(["dump", "--input-file", path])
            #expect(r.status == 2, "\(path): \(r.stderr)")
            #expect(r.stderrLines.first?.contains(mentions) == true, "\(path): \(r.stderr)")
            #expect(Date().timeIntervalSince(start) < 10, "\(path) took too long")
        }
    }

    @Test("a font that is a FIFO or not a font: one line, exit 1, in render and in the window")
    func badFonts() throws {
        let dir = try TinyBert.scratchFolder("hostile-font")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/fifo.ttf", 0o600) == 0)
        try Data("not a font".utf8).write(to: URL(fileURLWithPath: dir + "/text.ttf"))
        let fifo = try Run(["render", "--out", dir + "/a.bmp", "--font", dir + "/fifo.ttf"])
        #expect(fifo.status == 1 && fifo.stderr.contains("FIFO") && fifo.stderrLines.count == 1, "\(fifo.stderr)")
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        let window = try Run(["--font", dir + "/text.ttf", "--bench-frames", "2"], environment: env)
        #expect(window.status == 1, "\(window.status) \(window.stderr)")
        #expect(window.stderrLines.count == 1)
    }

    @Test("--out replaces only regular files; devices, FIFOs, links and folders are refused by name")
    func outTargets() throws {
        let dir = try TinyBert.scratchFolder("hostile-out")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/target.txt"))
        try fm.createSymbolicLink(atPath: dir + "/link.bmp", withDestinationPath: dir + "/target.txt")
        #expect(mkfifo(dir + "/fifo.bmp", 0o600) == 0)
        let cases: [(String, String)] = [
            ("/dev/full", "device"), (dir + "/link.bmp", "symbolic link"), (dir + "/fifo.bmp", "FIFO"),
            ("", "empty"), (".", "folder"), (dir, "folder"), (dir + "/", "folder"),
            (dir + "/no/such/dir/x.bmp", "folder does not exist"),
        ]
        for (out, mentions) in cases {
            let r = try Run(["render", "--size", "64x64", "--out", out])
            #expect(r.status == 1, "\(out): \(r.status) \(r.stderr)")
            #expect(r.stderrLines.count == 1 && r.stderr.contains(mentions), "\(out): \(r.stderr)")
            #expect(r.stderr.contains("frame") && !r.stderr.contains("screenshot"), "\(r.stderr)")
        }
        var isDir: ObjCBool = false
        #expect(fm.fileExists(atPath: "/dev/full", isDirectory: &isDir))
        #expect(
            try String(contentsOfFile: dir + "/target.txt", encoding: .utf8) == "keep", "the link's target was written")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir + "/link.bmp") == dir + "/target.txt")
        // A regular file is replaced, and nothing else is left beside it.
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/frame.bmp"))
        #expect(try Run(["render", "--size", "64x64", "--out", dir + "/frame.bmp"]).status == 0)
        #expect(try BMPImage(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/frame.bmp")))).width == 64)
        #expect(
            try fm.contentsOfDirectory(atPath: dir).sorted() == ["fifo.bmp", "frame.bmp", "link.bmp", "target.txt"])
    }

    @Test("an output name of 250 bytes works: the temporary name stays within NAME_MAX")
    func longName() throws {
        let dir = try TinyBert.scratchFolder("hostile-long")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = String(repeating: "n", count: 246) + ".bmp"
        let r = try Run(["render", "--size", "32x32", "--out", dir + "/" + name])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [name])
    }

    /// Runs the binary with stdout sent to `/dev/full` (or closed).
    func runToFull(_ args: [String], closed: Bool = false) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        p.arguments = ["-c", "exec '\(BuiltProducts.attnviz)' \(quoted) " + (closed ? ">&-" : "> /dev/full")]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    @Test(
        "a write to stdout that fails is exit 1 and one line: dump, help and version",
        arguments: [
            ["dump"], ["dump", "--input", "a b c d e f"], ["--help"], ["dump", "--help"], ["render", "--help"],
            ["--version"],
        ])
    func fullDevice(_ args: [String]) throws {
        let full = try runToFull(args)
        #expect(full.status == 1, "\(args): \(full.status) \(full.stderr)")
        #expect(
            full.stderr.split(separator: "\n").count == 1 && full.stderr.contains("No space left"), "\(full.stderr)")
        let closed = try runToFull(args, closed: true)
        #expect(closed.status == 1, "\(args) >&-: \(closed.status) \(closed.stderr)")
    }

    @Test("an error line quotes a shortened value, not a 100 KB token or path")
    func shortErrorLines() throws {
        let token = String(repeating: "x", count: 100_000)
        for args in [
            ["dump", "--input", token + " 1", "--mode", "numbers"], ["--frobnicate" + token],
            ["dump", "--input-file", "/" + token],
            ["dump", "--mode", token], [token],
        ] {
            let r = try Run(args)
            #expect(r.status == 2, "\(r.status)")
            #expect(
                r.stderrLines.count == 2 && r.stderrLines.allSatisfyNonEmpty { $0.count <= 400 },
                "\(r.stderr.prefix(200))")
        }
    }

    @Test("invisible video drivers are refused for a real session; a bogus Wayland display is one line")
    func invisibleDrivers() throws {
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = nil
        for driver in ["dummy", "offscreen"] {
            env["SDL_VIDEODRIVER"] = driver
            let start = Date()
            let r = try Run([], environment: env)
            #expect(
                r.status == 3 && r.stderrLines.count == 1 && r.stderr.contains("render"),
                "\(driver): \(r.status) \(r.stderr)")
            #expect(Date().timeIntervalSince(start) < 10)
        }
        env["SDL_VIDEODRIVER"] = nil
        env["WAYLAND_DISPLAY"] = "bogus-\(getpid())"
        env["XDG_RUNTIME_DIR"] = nil
        let w = try Run([], environment: env)
        #expect(w.status == 3, "\(w.stderr)")
        #expect(w.stderrLines.count == 1, "\(w.stderr)")
        #expect(w.stderr.hasPrefix("attnviz: "))
    }

    @Test(
        "SIGINT or SIGTERM while a large frame is being written leaves no temporary file", arguments: [SIGINT, SIGTERM])
    func signalDuringWrite(_ sig: Int32) throws {
        let dir = try TinyBert.scratchFolder("hostile-signal")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var caught = false
        for _ in 0..<5 where !caught {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: BuiltProducts.attnviz)
            p.arguments = ["render", "--size", "8192x8192", "--out", dir + "/big.bmp"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Wait for the temporary file to appear, then signal the process while it writes.
            let deadline = Date().addingTimeInterval(30)
            while p.isRunning && Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                if names.contains(where: { $0.hasSuffix(".tmp") }) {
                    kill(p.processIdentifier, sig)
                    caught = true
                    break
                }
                usleep(1000)
            }
            p.waitUntilExit()
            if caught {
                #expect(
                    p.terminationReason == .uncaughtSignal && p.terminationStatus == sig,
                    "ended with \(p.terminationReason == .exit ? "exit" : "signal") \(p.terminationStatus)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: dir)
            // Nothing left behind is the best case: an empty list passes on purpose.
            #expect(left.allSatisfy { $0 == "big.bmp" }, "left behind: \(left)")
            try? FileManager.default.removeItem(atPath: dir + "/big.bmp")
        }
        #expect(caught, "never saw the temporary file in 5 tries")
    }

    @Test("a closed reader is one line and exit 1, never SIGPIPE", arguments: [false, true])
    func closedPipe(_ withModel: Bool) throws {
        var args = ["dump", "--input", (1...600).map(String.init).joined(separator: " ")]
        let dir = NSTemporaryDirectory() + "attnviz-pipe-\(getpid())-\(withModel)"
        if withModel {
            // Long enough that the dump cannot fit in the pipe's buffer before the reader is gone.
            var tiny = TinyBert()
            tiny.maxPositions = 512
            tiny.layers = 4
            try tiny.write(to: dir)
            args = ["dump", "--model", dir, "--input", String(repeating: "the cat sat ", count: 100)]
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let quoted = ([BuiltProducts.attnviz] + args).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        let errFile = dir + ".err"
        let script = quoted.joined(separator: " ") + " 2>'\(errFile)' | head -c 10 > /dev/null; echo ${PIPESTATUS[0]}"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: errFile)
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "exit \(status) \(err)")
        #expect(err.split(separator: "\n").count == 1 && err.hasPrefix("attnviz: "), "\(err)")
    }

    @Test(
        "render --out with another extension names the formats and writes nothing",
        arguments: ["a.png", "a.svgz", "noext"])
    func otherFormats(_ name: String) throws {
        let dir = NSTemporaryDirectory() + "attnviz-fmt-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Run(["render", "--size", "64x64", "--out", dir + "/" + name])
        #expect(r.status == 2, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains(".bmp or .svg") && r.stderr.contains(name), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + name))
    }

    @Test("record --out '' writes nothing and says so, exit 1")
    func recordEmptyOut() throws {
        let cues = NSTemporaryDirectory() + "attnviz-empty-out-\(getpid()).cues"
        try "[cue] a\nheads: 2\n".write(toFile: cues, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: cues) }
        let r = try Run(["record", "--cues", cues, "--out", ""])
        #expect(
            r.status == 1 && r.stderrLines.count == 1 && r.stderr.contains("the folder name is empty"), "\(r.stderr)")
    }
}
