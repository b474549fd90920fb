import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import ModelLoading

@Suite("Model folders")
struct ModelFolderTests {
    @Test("a BERT folder loads with its config and vocabulary")
    func loads() throws {
        let dir = try TinyBert().write(to: TinyBert.temporaryFolder("load"))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try ModelFolder.load(dir).get()
        let tiny = try TinyBert().model()
        #expect(model.config == tiny.config)
        #expect(try model.encode("the cat").get() == tiny.encode("the cat").get())
    }

    @Test(
        "a folder without what a BERT folder needs says which file is missing",
        arguments: ["config.json", "vocab.txt", "model.safetensors"])
    func missingFile(file: String) throws {
        let dir = try TinyBert().write(to: TinyBert.temporaryFolder("missing"))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/" + file)
        guard case .failure(let error) = ModelFolder.load(dir) else {
            Issue.record("loaded without \(file)")
            return
        }
        #expect(error.description.contains(file), "\(error.description)")
    }

    @Test("a path that is not there is said in one line")
    func missingFolder() {
        guard case .failure(let error) = ModelFolder.load("/nonexistent-attnviz-model") else {
            Issue.record("loaded a missing folder")
            return
        }
        #expect(!error.description.isEmpty && !error.description.contains("\n"))
    }

    @Test("a weights file truncated after loading cannot take the model down (no SIGBUS: the bytes are the program's)")
    func truncatedAfterLoad() throws {
        let dir = try TinyBert().write(to: TinyBert.temporaryFolder("truncated"))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try ModelFolder.load(dir).get()
        let before = model.forward(try model.encode("the cat sat").get(), inspect: 0)
        // What `truncate -s 0` does while a lecture runs; a mapped file's pages vanish with it.
        #expect(truncate(dir + "/model.safetensors", 0) == 0)
        let after = model.forward(try model.encode("the cat sat").get(), inspect: 0)
        #expect(after.attentions == before.attentions)
    }

    @Test("a file that ends before the size it had when opened is one line, not a short model")
    func shrinksWhileRead() throws {
        let path = NSTemporaryDirectory() + "attnviz-short-\(getpid())"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 100)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 200, alignment: 8)
        defer { buffer.deallocate() }
        #expect(ModelFolder.readFully(fd, into: buffer, count: 100) == nil)
        lseek(fd, 0, SEEK_SET)
        let problem = ModelFolder.readFully(fd, into: buffer, count: 200)
        #expect(problem == "the file changed while it was read: it ended at byte 100 of the 200 it had when opened")
    }

    @Test("a vocab.txt far larger than any real one is refused by its size, before it is read")
    func hugeVocabulary() throws {
        let dir = try TinyBert().write(to: TinyBert.temporaryFolder("hugevocab"))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fd = open(dir + "/vocab.txt", O_WRONLY)
        #expect(ftruncate(fd, 54 << 20) == 0)
        close(fd)
        guard case .failure(let error) = ModelFolder.load(dir) else {
            Issue.record("loaded a 54 MB vocab.txt")
            return
        }
        #expect(error.description == "vocab.txt: it is 54.0 MB; at most 8.0 MB are read")
    }

    @Test(
        "what is at a --model path that is no folder is named for what it is",
        arguments: [
            ("loop", "it is a loop of symbolic links"), ("dangling", "it is a symbolic link to nothing"),
            ("fifo", "it is a FIFO (named pipe)"), ("file", "it is a file; give the folder"),
            ("nothing", "no such folder"),
        ])
    func notAFolder(_ kind: String, _ message: String) throws {
        let dir = NSTemporaryDirectory() + "attnviz-notfolder-\(getpid())-\(kind)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m"
        switch kind {
        case "loop":
            try FileManager.default.createSymbolicLink(atPath: dir + "/a", withDestinationPath: path)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: dir + "/a")
        case "dangling": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: dir + "/x")
        case "fifo": #expect(mkfifo(path, 0o600) == 0)
        case "file": #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        default: break
        }
        guard case .failure(let error) = ModelFolder.load(path) else {
            Issue.record("loaded \(kind)")
            return
        }
        #expect(error.description.contains(message), "\(error.description)")
    }
}
