import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@testable import ModelLoading

/// `attnviz models` describes a GGUF file from its header: a multi-gigabyte file is not read whole.
@Suite("The model catalog")
struct ModelCatalogTests {
    /// SmolLM2's header and tensor index (its first `dataStart` bytes) in a file of `size(dataStart)`
    /// bytes, the rest a hole that reads as zeros.
    static func headerOnly(size: (Int) -> Int) throws -> (path: String, config: DecoderConfig) {
        let real = try Data(contentsOf: URL(fileURLWithPath: Decoders.smolLM2))
        let model = try DecoderModel(name: "SmolLM2", bytes: ModelBytes(copying: [UInt8](real)))
        let header = try real.withUnsafeBytes { try GGUFFile.parse($0) }
        let path = NSTemporaryDirectory() + "attnviz-catalog-\(getpid())-\(UUID().uuidString).gguf"
        try real.prefix(header.dataStart).write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size(header.dataStart)))
        try handle.close()
        return (path, model.config)
    }

    @Test("a 64 GB GGUF file is described from its first MiBs, as the whole file would describe it")
    func largeFile() throws {
        let (path, config) = try Self.headerOnly { _ in 64 << 30 }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let described = try GGUFModelFile.describe(path).get()
        #expect(described.config == config && described.quantization == "Q4_1")
        let entry = ModelCatalog.describe(path, name: "big", location: "test")
        #expect(
            entry.opens && entry.summary == "llama 30 × 9 (3 kv) · Q4_1 · context 8192" && entry.bytes == 64 << 30,
            "\(entry)")
    }

    @Test("a GGUF file cut after its header is refused in one line naming the first tensor past the end")
    func truncated() throws {
        let (path, _) = try Self.headerOnly { $0 + 100 }
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .failure(let error) = GGUFModelFile.describe(path) else {
            Issue.record("described a file without its tensors")
            return
        }
        #expect(error.description.contains("truncated") && !error.description.contains("\n"), "\(error)")
        #expect(!ModelCatalog.describe(path, name: "cut", location: "test").opens)
    }

    @Test("a llama folder with a broken config.json is listed with what is wrong with it, not as an unknown encoder")
    func brokenDecoderConfig() throws {
        let dir = NSTemporaryDirectory() + "attnviz-catalog-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"model_type": "llama", "hidden_size": 48}"#.utf8).write(
            to: URL(fileURLWithPath: dir + "/config.json"))
        let entry = ModelCatalog.describe(dir, name: "broken", location: "test")
        #expect(!entry.opens && entry.summary.contains("num_attention_heads"), "\(entry.summary)")
    }
}
