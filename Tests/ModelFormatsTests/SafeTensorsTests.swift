import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

@Suite("safetensors and model files")
struct SafeTensorsTests {
    func parse(_ bytes: [UInt8]) throws(ModelError) -> SafeTensorsIndex {
        let stored = ModelBytes(copying: bytes)
        return try SafeTensorsIndex.parse(stored.buffer)
    }

    /// A file with the given header text and `dataBytes` bytes of data.
    func file(header: String, dataBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        return out + Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
    }

    @Test("a well-formed file lists every tensor with its dtype, shape and absolute byte range")
    func wellFormed() throws {
        let bytes = TinyBert.safetensors([("a", [2, 3], [1, 2, 3, 4, 5, 6]), ("b", [2], [7, 8])], dtype: .f16)
        let index = try parse(bytes)
        let a = try #require(index.entries["a"])
        #expect(a.dtype == .f16 && a.shape == [2, 3] && a.bytes.count == 12 && a.bytes.lowerBound == index.dataStart)
        #expect(index.entries["b"]?.bytes.lowerBound == index.dataStart + 12)
        #expect(index.entries["__metadata__"] == nil)
    }

    @Test("files shorter than the 8-byte length prefix are refused", arguments: [0, 2, 7])
    func shortFiles(_ count: Int) throws {
        do {
            _ = try parse([UInt8](repeating: 0x7b, count: count))
            Issue.record("accepted \(count) bytes")
        } catch {
            #expect(error.description.contains("too short"))
        }
    }

    @Test(
        "malformed headers and offsets are refused before any weight is read",
        arguments: [
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8, "not valid JSON"),
            ("[1,2]", 0, "not a JSON object"),
            ("{\"a\":{\"dtype\":\"F99\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype"),
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "offsets span 8"),
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "truncated"),
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative"),
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "lies at bytes"),
            (
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                12, "overlap"
            ),
            (
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8,
                "impossibly large"
            ),
            ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8, "data_offsets"),
            ("{\"a\":7}", 0, "not an object"),
        ])
    func malformed(_ header: String, _ dataBytes: Int, _ mentions: String) throws {
        do {
            _ = try parse(file(header: header, dataBytes: dataBytes))
            Issue.record("accepted: \(header)")
        } catch {
            #expect(error.description.contains(mentions), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a header length beyond the file says truncated")
    func headerBeyondFile() throws {
        var bytes = file(header: "{}", dataBytes: 0)
        bytes[0] = 0xff
        #expect(throws: ModelError.self) { try parse(bytes) }
        do { _ = try parse(bytes) } catch { #expect(error.description.contains("truncated")) }
    }

    @Test("a checkpoint missing a tensor, with a wrong shape or an integer weight is refused by name")
    func architectureChecks() throws {
        let tiny = TinyBert()
        var tensors = tiny.tensors()
        let config = tiny.configJSON()
        func load(_ t: [(name: String, shape: [Int], values: [Float])], dtype: TensorDType = .f32) throws(ModelError) {
            _ = try EncoderModel(
                name: "t", config: config, vocabulary: TinyBert.vocabText, tokenizerConfig: nil,
                weights: ModelBytes(copying: TinyBert.safetensors(t, dtype: dtype)))
        }
        let missing = tensors.filter { $0.name != "encoder.layer.1.output.dense.bias" }
        do {
            try load(missing)
            Issue.record("accepted")
        } catch { #expect(error.description.contains("missing tensor 'encoder.layer.1.output.dense.bias'")) }
        tensors[3] = ("embeddings.LayerNorm.weight", [4], [1, 1, 1, 1])
        do {
            try load(tensors)
            Issue.record("accepted")
        } catch { #expect(error.description.contains("has shape [4] but config.json implies [8]")) }
        do {
            _ = try EncoderModel(
                name: "t", config: config, vocabulary: TinyBert.vocabText + "extra1\nextra2\n", tokenizerConfig: nil,
                weights: ModelBytes(copying: tiny.weightsFile()))
            Issue.record("accepted a vocab.txt longer than vocab_size")
        } catch { #expect(error.description.contains("vocab_size")) }
        // The untouched twin loads: the refusals above are about what was changed.
        _ = try tiny.model()
    }

    @Test(
        "config.json: other architectures are named, impossible sizes refused",
        arguments: [
            ("{\"model_type\":\"gpt2\"}", "model_type 'gpt2' is not supported"),
            ("{\"hidden_size\":8}", "no model_type"),
            ("not json", "not valid JSON"),
            ("{\"model_type\":\"bert\",\"hidden_size\":10,\"num_attention_heads\":3}", "not a multiple"),
            ("{\"model_type\":\"bert\",\"hidden_size\":-1}", "hidden_size"),
            ("{\"model_type\":\"bert\",\"hidden_size\":8,\"num_attention_heads\":2}", "missing num_hidden_layers"),
            ("{\"model_type\":\"bert\",\"hidden_act\":\"relu\"}", "hidden_act"),
        ])
    func config(_ text: String, _ mentions: String) {
        do {
            _ = try EncoderConfig.parse(Data(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(mentions), "\(error.description)")
        }
    }

    @Test("3,000 random corruptions of a valid file load or fail with a line, never trap")
    func corruptionFuzz() throws {
        let good = TinyBert().weightsFile()
        let config = TinyBert().configJSON()
        var g = SeededGenerator(seed: 11)
        var failures = 0
        var loads = 0
        for _ in 0..<3000 {
            var bytes = good
            switch Int.random(in: 0..<4, using: &g) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &g)))
            case 1:
                // Flip bytes in the header, where lengths and offsets live.
                for _ in 0..<Int.random(in: 1...4, using: &g) {
                    let i = Int.random(in: 0..<min(bytes.count, 600), using: &g)
                    bytes[i] = UInt8.random(in: 0...255, using: &g)
                }
            case 2:
                let i = Int.random(in: 8..<min(bytes.count, 600), using: &g)
                bytes[i] = [UInt8(ascii: "9"), UInt8(ascii: "0"), UInt8(ascii: "-"), UInt8(ascii: "]")].randomElement(
                    using: &g)!
            default:
                bytes += [UInt8](repeating: 0xff, count: Int.random(in: 1...64, using: &g))
            }
            do {
                let m = try EncoderModel(
                    name: "t", config: config, vocabulary: TinyBert.vocabText, tokenizerConfig: nil,
                    weights: ModelBytes(copying: bytes))
                if case .success(let e) = m.encode("the cat sat") { _ = m.forward(e, inspect: 0) }
                loads += 1
            } catch {
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
                failures += 1
            }
        }
        #expect(failures > 1000, "most corruptions must be caught (\(failures) caught, \(loads) loaded)")
    }
}
