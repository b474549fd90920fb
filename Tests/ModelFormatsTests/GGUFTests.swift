import Foundation
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// GGUF files as llama.cpp's `gguf` package writes them: every metadata type read back, and
/// every tensor expanded bit for bit as `gguf.quants.dequantize` expands it.
@Suite("GGUF files")
struct GGUFTests {
    /// A file from bench/reference_gguf.py, its expansion, and its tensor list.
    static func reference() throws -> (file: [UInt8], expanded: [Float], tensors: [(String, String, Int)]) {
        let path = NSTemporaryDirectory() + "attnviz-gguf-\(getpid())-\(UUID().uuidString).gguf"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".f32")
        }
        let listing = try Python.run([RepoPaths.root() + "/bench/reference_gguf.py", path])
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let raw = try Data(contentsOf: URL(fileURLWithPath: path + ".f32"))
        let expanded = raw.withUnsafeBytes { b in
            (0..<raw.count / 4).map { b.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[Any]])
        let tensors = json.map { ($0[0] as? String ?? "", $0[1] as? String ?? "", ($0[2] as? NSNumber)?.intValue ?? 0) }
        return (file, expanded, tensors)
    }

    @Test("metadata of every type, nested arrays included, reads back as written")
    func metadata() throws {
        let (file, _, _) = try Self.reference()
        let g = try file.withUnsafeBytes { try GGUFFile.parse($0) }
        #expect(g.version == 3 && g.alignment == 32 && g.dataStart % 32 == 0)
        let m = g.metadata
        #expect(m["general.architecture"]?.string == "llama")
        #expect(m["t.u8"] == .uint(200, bits: 8) && m["t.i8"] == .int(-100, bits: 8))
        #expect(m["t.u16"] == .uint(60000, bits: 16) && m["t.i16"] == .int(-30000, bits: 16))
        #expect(m["t.u32"] == .uint(4_000_000_000, bits: 32) && m["t.i32"] == .int(-2_000_000_000, bits: 32))
        #expect(m["t.u64"] == .uint(18_000_000_000_000_000_000, bits: 64))
        #expect(m["t.i64"] == .int(-9_000_000_000_000_000_000, bits: 64))
        #expect(m["t.f32"] == .float(Double(Float(0.1)), bits: 32) && m["t.f64"] == .float(0.1, bits: 64))
        #expect(m["t.bool"] == .bool(true) && m["t.str"] == .string("héllo ✓"))
        #expect(m["t.strs"]?.array?.compactMap(\.string) == ["a", "", "Ġthe", "<|im_start|>"])
        #expect(m["t.ints"]?.array?.compactMap(\.integer) == [1, -2, 3])
        #expect(m["t.nested"]?.array?.map { $0.array?.compactMap(\.integer) ?? [] } == [[1, 2], [3]])
    }

    @Test("F32, F16, BF16, Q8_0, Q4_0, Q4_1 and Q2_K…Q6_K expand bit for bit as gguf.quants.dequantize does")
    func dequantize() throws {
        let (file, expanded, listed) = try Self.reference()
        let g = try file.withUnsafeBytes { try GGUFFile.parse($0) }
        #expect(g.tensors.map(\.name) == listed.map(\.0))
        var at = 0
        for (t, (_, type, count)) in zip(g.tensors, listed) {
            #expect(t.type.name == type && t.elementCount == count)
            var out = [Float](repeating: .nan, count: count)
            try file.withUnsafeBytes { b in
                try out.withUnsafeMutableBufferPointer { o in
                    try GGUFDequantize.expand(
                        b.baseAddress! + t.bytes.lowerBound, type: t.type, count: count, into: o.baseAddress!)
                }
            }
            let reference = Array(expanded[at..<(at + count)])
            let differing = zip(out, reference).filter { $0.0.bitPattern != $0.1.bitPattern }.count
            #expect(differing == 0, "\(t.name): \(differing) of \(count) values differ")
            at += count
        }
    }

    @Test("a malformed file is one line naming what is wrong, whatever byte is cut or changed")
    func malformed() throws {
        let (file, _, _) = try Self.reference()
        func problem(_ bytes: [UInt8]) -> String? {
            do {
                _ = try bytes.withUnsafeBytes { try GGUFFile.parse($0) }
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(Array("GGML".utf8) + file.dropFirst(4))?.contains("not a GGUF file") == true)
        var v1 = file
        v1[4] = 1
        #expect(problem(v1)?.contains("version 1 is not read") == true)
        var huge = file
        for i in 8..<16 { huge[i] = 0xff }  // tensor count
        #expect(problem(huge)?.contains("more than its") == true)
        // Every truncation of the header and data is refused in one line.
        let g = try file.withUnsafeBytes { try GGUFFile.parse($0) }
        for cut in stride(from: 0, to: g.tensors.last!.bytes.upperBound, by: 7) {
            let p = problem(Array(file.prefix(cut)))
            #expect(p != nil && !(p ?? "").contains("\n"), "cut at \(cut): \(p ?? "accepted")")
        }
        // Random byte changes never trap (most are refused; some leave a valid file).
        var rng = SeededGenerator(seed: 20_261_202)
        for _ in 0..<2000 {
            var bytes = file
            let i = Int.random(in: 0..<min(bytes.count, g.dataStart), using: &rng)
            bytes[i] = UInt8.random(in: 0...255, using: &rng)
            _ = problem(bytes)
        }
    }

    @Test("a prefix of the file gives the whole file's index or an error, never a different index")
    func prefix() throws {
        let (file, _, _) = try Self.reference()
        func parse(_ bytes: [UInt8], cut: Int) -> GGUFFile? {
            try? Array(bytes.prefix(cut)).withUnsafeBytes { try GGUFFile.parse($0, fileSize: bytes.count) }
        }
        let whole = try file.withUnsafeBytes { try GGUFFile.parse($0) }
        for cut in 0...whole.dataStart + 64 {
            let got = parse(file, cut: cut)
            #expect(got == nil || got == whole, "cut at \(cut)")
            if cut >= whole.dataStart { #expect(got == whole, "cut at \(cut) holds the whole header") }
        }
        // Changed bytes: what a prefix accepts, the whole file accepts identically.
        var rng = SeededGenerator(seed: 20_261_203)
        for _ in 0..<500 {
            var bytes = file
            bytes[Int.random(in: 0..<whole.dataStart, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            let full = try? bytes.withUnsafeBytes { try GGUFFile.parse($0) }
            guard let got = parse(bytes, cut: Int.random(in: 0...whole.dataStart, using: &rng)) else { continue }
            #expect(got == full)
        }
    }
}
