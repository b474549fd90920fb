import Foundation
import SafeFiles
import Testing

@Suite("Atomic writes")
struct AtomicFileTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "attnviz-safefiles-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    @Test("a write replaces the old file whole and leaves no temporary file beside it")
    func replaces() throws {
        let path = dir + "/frame.bmp"
        try AtomicFile.write(Array("old contents".utf8), to: path, what: "frame")
        try AtomicFile.write(Array("new".utf8), to: path, what: "frame")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["frame.bmp"])
    }

    @Test("a symbolic link is refused and its target keeps its contents")
    func refusesSymlinks() throws {
        let target = dir + "/notes.txt"
        try AtomicFile.write(Array("keep me".utf8), to: target, what: "notes")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.bmp", withDestinationPath: target)
        #expect(throws: AtomicFile.Failure.self) {
            try AtomicFile.write(Array("x".utf8), to: dir + "/link.bmp", what: "frame")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    @Test(
        "paths that are not files say why in one line",
        arguments: [
            ("", "the file name is empty"), ("/tmp/", "it is a folder"), ("/dev/null", "it is a device"),
            ("/nonexistent-folder-attnviz/x.bmp", "its folder does not exist"),
            ("/proc/self/x.bmp", "no file can be created in its folder"), ("/proc/self", "it is a symbolic link"),
        ])
    func refusals(path: String, says: String) {
        do {
            try AtomicFile.write([1, 2, 3], to: path, what: "frame")
            Issue.record("wrote to '\(path)'")
        } catch {
            #expect(error.description.contains(says), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite("Reading regular files")
struct RegularFileTests {
    @Test(
        "what is not a regular file is named",
        arguments: [
            ("", FileProblem.emptyName), ("/nonexistent-attnviz", .missing), ("/tmp", .folder), ("/dev/null", .device),
        ])
    func kinds(path: String, problem: FileProblem) {
        guard case .failure(let p) = RegularFile.read(path, limit: 100) else {
            Issue.record("read '\(path)'")
            return
        }
        #expect(p == problem)
    }

    @Test("a file over the limit is refused before it is read")
    func limit() throws {
        let path = NSTemporaryDirectory() + "attnviz-limit-\(getpid())"
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(RegularFile.read(path, limit: 999) == .failure(.tooLarge(size: 1000, limit: 999)))
        #expect(RegularFile.read(path, limit: 1000) == .success([UInt8](repeating: 7, count: 1000)))
    }
}
