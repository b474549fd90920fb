import Foundation
import TestSupport
import Testing

/// A model opens in a window that is already up, with a loading bar; the commands say how far
/// a read has come on a terminal's stderr.
@Suite("Loading a model")
struct LoadingCLITests {
    static var offscreen: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        env["DISPLAY"] = nil
        return env
    }

    @Test("the window draws its loading screen before the model is read, then the model's frames")
    func window() throws {
        let r = try Run(
            ["--model", Decoders.smolLM2, "--input", "The capital of France is", "--bench-frames", "40"],
            environment: Self.offscreen)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.stdout.split(whereSeparator: \.isWhitespace)
        func value(_ key: Substring) -> Int { parts.firstIndex(of: key).flatMap { Int(parts[$0 + 1]) } ?? 0 }
        #expect(value("loading_frames") >= 1 && value("frames") == 40 && value("tokens") == 5, "\(r.stdout)")
    }

    @Test("weights refused while the window is up close it with the loader's one line, exit 1")
    func refusedInWindow() throws {
        // The header is sound, so the window opens; a float16 scale in the weights is NaN.
        let path = try Decoders.tiny(["nan=blk.0.attn_q.weight"])
        let r = try Run(["--model", path, "--input", "the cat", "--bench-frames", "30"], environment: Self.offscreen)
        #expect(r.status == 1 && r.stderrLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("cannot use --model") && r.stderr.contains("not finite"), "\(r.stderr)")
    }

    @Test("a broken header is refused before any window opens, as before")
    func refusedBeforeWindow() throws {
        let path = try Decoders.tiny(["arch=falcon"])
        var env = Self.offscreen
        env["SDL_VIDEODRIVER"] = nil
        let r = try Run(["--model", path, "--input", "the cat"], environment: env)
        #expect(r.status == 1 && r.stderr.contains("architecture 'falcon' is not read"), "\(r.stderr)")
    }

    @Test("dump says on a terminal's stderr how much of the file is read, and clears the line after")
    func terminalProgress() throws {
        // util-linux's `script` gives the command a terminal, as a person's shell would.
        let command = "\(BuiltProducts.attnviz) dump --model \(Decoders.smolLM2) --input hi > /dev/null"
        let r = try Run(["-qec", command, "/dev/null"], executable: "/usr/bin/script")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("attnviz: loading ") && r.stdout.contains("(100 %)"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("\r\u{1b}[K"), "the progress line is left on the terminal")
        let piped = try Run(["dump", "--model", Decoders.smolLM2, "--input", "hi"])
        #expect(piped.status == 0 && piped.stderr.isEmpty, "progress written to a pipe: \(piped.stderr)")
    }
}
