import Foundation
import TestSupport
import Testing

/// Runs the built `attnviz` as a user would and reads what it prints.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    init(
        _ args: [String], environment: [String: String]? = nil, directory: String? = nil,
        executable: String = BuiltProducts.attnviz
    ) throws {
        let p = Process()
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let env = environment { p.environment = env }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        status = p.terminationStatus
        stdout = String(decoding: o, as: UTF8.self)
        stderr = String(decoding: e, as: UTF8.self)
    }

    var stderrLines: [Substring] { stderr.split(separator: "\n") }
}

@Suite("attnviz command line")
struct CLITests {
    @Test("dump prints one JSON object with the documented keys and shapes")
    func dump() throws {
        let r = try Run([
            "dump", "--input", "the cat sat", "--d-model", "8", "--heads", "2", "--seed", "3", "--mask",
            "causal+padding:1",
        ])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in [
            "tokens", "mode", "d_model", "heads", "d_k", "seed", "mask", "X", "W_q", "W_k", "W_v", "W_o",
            "Q", "K", "V", "heads_detail", "average", "concat", "output",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["tokens"] as? [String] == ["the", "cat", "sat"])
        #expect(json["d_k"] as? Int == 4)
        let mask = try #require(json["mask"] as? [String: Any])
        #expect(mask["causal"] as? Bool == true && mask["padding"] as? Int == 1)
        let heads = try #require(json["heads_detail"] as? [[String: Any]])
        #expect(heads.count == 2)
        let w = try #require(heads[0]["weights"] as? [[Double]])
        #expect(w.count == 3 && w.allSatisfyNonEmpty { $0.count == 3 })
        #expect(w[0][1] == 0 && w[0][2] == 0 && w[1][2] == 0)
        for row in w { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
        let out = try #require(json["output"] as? [[Double]])
        #expect(out.count == 3 && out[0].count == 8)
    }

    @Test("dump is byte-identical for the same arguments and differs for another seed")
    func dumpDeterministic() throws {
        let a = try Run(["dump", "--input", "1 2 3 4"]).stdout
        let b = try Run(["dump", "--input", "1 2 3 4"]).stdout
        let c = try Run(["dump", "--input", "1 2 3 4", "--seed", "43"]).stdout
        #expect(a == b)
        #expect(a != c)
        #expect(a.contains("\"mode\": \"numbers\""))
    }

    @Test("help and version work for the app and each command")
    func help() throws {
        for args in [["--help"], ["dump", "--help"], ["render", "--help"], ["--version"]] {
            let r = try Run(args)
            #expect(r.status == 0, "\(args)")
            #expect(!r.stdout.isEmpty)
        }
        #expect(try Run(["dump", "--help"]).stdout.contains("--mask"))
    }

    @Test(
        "a bad flag or value prints one line naming it plus a usage hint, and exits 2",
        arguments: [
            (["dump", "--frobnicate"], "--frobnicate"),
            (["dump", "--heads", "3"], "not divisible"),
            (["dump", "--heads", "0"], "--heads"),
            (["dump", "--d-model", "-4"], "--d-model"),
            (["dump", "--mask", "sideways"], "--mask"),
            (["dump", "--mode", "poetry"], "--mode"),
            (["dump", "--seed", "-1"], "--seed"),
            (["dump", "--input"], "needs a value"),
            (["dump", "--input", "1 nan", "--mode", "numbers"], "not a finite number"),
            (["dump", "--input", "1e400", "--mode", "numbers"], "not a finite number"),
            (["dump", "--input", "   "], "no tokens"),
            (["dump", "--temperature", "0"], "--temperature"),
            (["render", "--out", "x.bmp", "--size", "big"], "--size"),
            (["render", "--out", "x.bmp", "--view", "nope"], "--view"),
            (["render"], "--out"),
            (["dump", "--input-file", "/no/such/file.txt"], "no such file"),
            (["dump", "--input-file", "/tmp"], "folder"),
            (["render", "--out", "x.bmp", "--arc-threshold", "2"], "--arc-threshold"),
            (["render", "--out", "x.bmp", "--font-scale", "0"], "--font-scale"),
            (["render", "--out", "x.bmp", "--mask", "window:-2"], "--mask"),
            (["frobnicate"], "unknown command"),
            (["--bench-frames", "zero"], "--bench-frames"),
        ])
    func badInput(args: [String], mentions: String) throws {
        let r = try Run(args)
        #expect(r.status == 2, "\(args): status \(r.status)")
        #expect(r.stderrLines.count == 2, "\(args): \(r.stderr)")
        #expect(r.stderrLines.first?.contains(mentions) == true, "\(args): \(r.stderr)")
        #expect(r.stderrLines.last?.contains("--help") == true)
        #expect(r.stdout.isEmpty)
    }

    @Test("--input-file reads a sample; line breaks are spaces")
    func inputFile() throws {
        let r = try Run(["dump", "--input-file", RepoPaths.root() + "/assets/samples/fibonacci.txt"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["tokens"] as? [String] == ["1", "1", "2", "3", "5", "8", "13", "21", "34", "55"])
        #expect(json["mode"] as? String == "numbers")
    }

    @Test("5,000 tokens are refused with a clear line, not a hang")
    func tooMany() throws {
        let text = (0..<5000).map { "t\($0)" }.joined(separator: " ")
        let r = try Run(["dump", "--input", text])
        #expect(r.status == 2)
        #expect(r.stderr.contains("5000 tokens is too many"))
    }

    @Test("render writes a valid BMP of the asked size, the same bytes every run")
    func render() throws {
        let dir = NSTemporaryDirectory() + "attnviz-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["render", "--size", "320x180", "--input", "a b c", "--time", "0.2"]
        #expect(try Run(args + ["--out", dir + "/a.bmp"]).status == 0)
        #expect(try Run(args + ["--out", dir + "/b.bmp"]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.bmp"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.bmp"))
        #expect(a == b)
        let img = try BMPImage(bytes: [UInt8](a))
        #expect(img.width == 320 && img.height == 180)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.bmp", "b.bmp"])
    }

    @Test("render into an unwritable place says where and why, exit 1")
    func renderUnwritable() throws {
        let r = try Run(["render", "--out", "/nonexistent-dir/x.bmp"])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.contains("/nonexistent-dir/x.bmp"))
    }

    @Test("a missing font is one clear line")
    func missingFont() throws {
        let r = try Run(["render", "--out", "/tmp/never.bmp", "--font", "/no/such.ttf"])
        #expect(r.status == 1)
        #expect(r.stderr == "attnviz: font '/no/such.ttf' cannot be used: no such file (check the --font path)\n")
    }

    @Test("the window loop runs frames and exits cleanly (SDL's offscreen driver, no display needed)")
    func windowLoop() throws {
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        let r = try Run(["--bench-frames", "30", "--input", "one two three", "--view", "arcs"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("frames 30 "))
        #expect(r.stdout.contains("tokens 3"))
    }

    @Test("no display: the window says so in one line and points to render")
    func noDisplay() throws {
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = nil
        env["WAYLAND_DISPLAY"] = nil
        env["SDL_VIDEODRIVER"] = nil
        let r = try Run([], environment: env)
        #expect(r.status == 3)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.contains("attnviz render --out"))
        // An X11 display that does not exist fails the same way.
        env["DISPLAY"] = ":9876"
        let x = try Run([], environment: env)
        #expect(x.status == 3)
        #expect(x.stderr.contains("attnviz render --out"))
    }
}
