import Foundation
import ModelLoading
import TestSupport
import Testing
import TrainedModels

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
}
