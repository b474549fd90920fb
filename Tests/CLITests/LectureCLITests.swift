import Foundation
import TestSupport
import Testing

/// Lectures run from anywhere: a cue file's `model:` is found beside it (or above it), then in
/// the current folder, then in models/.
@Suite("Lectures from any folder")
struct LectureCLITests {
    @Test("the bundled decoder lecture records from another folder; a model found nowhere names where it looked")
    func modelPaths() throws {
        let elsewhere = try TinyBert.scratchFolder("lecture-cwd")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let cues = RepoPaths.root() + "/assets/lectures/how-a-language-model-writes.cues"
        let r = try Run(
            ["record", "--cues", cues, "--out", elsewhere + "/out", "--every-cue", "--size", "160x90"],
            directory: elsewhere)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            ((try? FileManager.default.contentsOfDirectory(atPath: elsewhere + "/out")) ?? []).contains("cue-001.bmp"))
        // A model beside the cue file, named relative to it.
        let lecture = try TinyBert.scratchFolder("lecture-own")
        defer { try? FileManager.default.removeItem(atPath: lecture) }
        try FileManager.default.createDirectory(atPath: lecture + "/m", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try Decoders.tiny(), toPath: lecture + "/m/tiny.gguf")
        try "[cue] a\nmodel: m/tiny.gguf\ninput: the cat\n[cue] b\nmodel: m/none.gguf\n".write(
            toFile: lecture + "/l.cues", atomically: true, encoding: .utf8)
        let missing = try Run(
            ["record", "--cues", lecture + "/l.cues", "--out", elsewhere + "/o2"], directory: elsewhere)
        #expect(missing.status != 0 && missing.stderr.contains("l.cues:5:"), "\(missing.stderr)")
        #expect(missing.stderr.contains("looked for \(lecture)/m/none.gguf"), "\(missing.stderr)")
        try "[cue] a\nmodel: m/tiny.gguf\ninput: the cat\n".write(
            toFile: lecture + "/l.cues", atomically: true, encoding: .utf8)
        let found = try Run(
            ["record", "--cues", lecture + "/l.cues", "--out", elsewhere + "/o3", "--every-cue", "--size", "160x90"],
            directory: elsewhere)
        #expect(found.status == 0, "\(found.stderr)")
    }
}
