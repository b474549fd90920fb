import Foundation
import TestSupport
import Testing

/// Issue 28: the flags a GGUF's shape decides are checked from its header before the window
/// opens. Run without a display: before the check, the window itself would have failed first
/// (exit 3, "no display"), or, with one, opened a loading bar and closed again.
@Suite("Window preflight")
struct WindowPreflightTests {
    @Test("--layer and --head past a GGUF's shape: one line, exit 2, before any window")
    func shapeFlags() throws {
        let path = try Decoders.tiny()
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = nil
        env["WAYLAND_DISPLAY"] = nil
        env["SDL_VIDEODRIVER"] = nil
        for (flags, mentions) in [(["--layer", "4"], "--layer 4: "), (["--head", "7"], "--head 7: ")] {
            let r = try Run(["--model", path] + flags, environment: env)
            #expect(r.status == 2, "\(flags): \(r.status) \(r.stderr)")
            #expect(r.stderrLines.first?.contains(mentions) == true, "\(r.stderr)")
            #expect(r.stderr.contains("has 3 layers") || r.stderr.contains("has 6 heads"), "\(r.stderr)")
        }
        // In range, the check lets the window try (and fail here for want of a display).
        let ok = try Run(["--model", path, "--layer", "3", "--head", "6"], environment: env)
        #expect(ok.status == 3, "\(ok.stderr)")
    }
}
