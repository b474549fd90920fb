import Foundation
import TestSupport
import Testing

/// The files people have: Ollama's store and LM Studio's folders, built here as those programs
/// lay them out, broken ones included; models are read where they are, never copied.
@Suite("Ollama and LM Studio stores")
struct StoresCLITests {
    static let hex = String(repeating: "ab", count: 32)

    /// An Ollama store with `tiny` (latest, and five broken tags) and `me/mine:v1`, and an LM
    /// Studio folder with one repository of one file and one of two.
    static func stores() throws -> (env: [String: String], root: String) {
        let root = TinyBert.temporaryFolder("stores")
        let fm = FileManager.default
        let ollama = root + "/ollama"
        let manifests = ollama + "/manifests/registry.ollama.ai"
        try fm.createDirectory(atPath: ollama + "/blobs", withIntermediateDirectories: true)
        try fm.copyItem(atPath: try Decoders.tiny(), toPath: ollama + "/blobs/sha256-" + hex)
        func manifest(_ path: String, _ text: String) throws {
            try fm.createDirectory(
                atPath: (manifests + "/" + path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try text.write(toFile: manifests + "/" + path, atomically: true, encoding: .utf8)
        }
        func layers(_ media: String, _ digest: String) -> String {
            #"{"schemaVersion": 2, "layers": [{"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:00"}, {"mediaType": "\#(media)", "digest": "\#(digest)", "size": 1}]}"#
        }
        let model = "application/vnd.ollama.image.model"
        try manifest("library/tiny/latest", layers(model, "sha256:" + hex))
        try manifest("me/mine/v1", layers(model, "sha256:" + hex))
        try manifest("library/tiny/nolayer", layers("application/vnd.ollama.image.license", "sha256:" + hex))
        try manifest("library/tiny/gone", layers(model, "sha256:" + String(repeating: "cd", count: 32)))
        try manifest("library/tiny/junk", "not json {")
        try manifest("library/tiny/evil", layers(model, "sha256:../../../../etc/passwd"))
        let lm = root + "/lmstudio"
        for (repo, files) in [("pub/repo", ["a.gguf"]), ("pub/two", ["x.gguf", "y.gguf"])] {
            try fm.createDirectory(atPath: lm + "/" + repo, withIntermediateDirectories: true)
            for f in files { try fm.copyItem(atPath: try Decoders.tiny(), toPath: lm + "/" + repo + "/" + f) }
        }
        return (["OLLAMA_MODELS": ollama, "LMSTUDIO_MODELS": lm, "HF_HUB_CACHE": root + "/hub"], root)
    }

    @Test(
        "--model NAME[:TAG] opens an Ollama model, --model PUBLISHER/REPO an LM Studio file; each broken entry says what is wrong"
    )
    func resolve() throws {
        let (env, root) = try Self.stores()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        for name in ["tiny", "tiny:latest", "me/mine:v1", "pub/repo", "pub/two/y.gguf"] {
            let r = try Run(["dump", "--model", name, "--input", "the cat"], environment: env)
            #expect(r.status == 0 && r.stdout.contains("\"kv_heads\": 2"), "\(name): \(r.stderr)")
        }
        let refusals: [(String, String)] = [
            ("tiny:nope", "not the tag 'nope'; it has 'evil', 'gone', 'junk', 'latest', 'nolayer'"),
            ("tiny:nolayer", "has no model layer"), ("tiny:gone", "missing its blob"),
            ("tiny:junk", "is not a manifest"), ("tiny:evil", "not sha256:HEX"),
            ("pub/two", "holds 2 GGUF files; name one: pub/two/x.gguf, pub/two/y.gguf"),
            ("nobody", "not in Ollama's store"), ("nobody:1b", "not in Ollama's store"),
        ]
        for (name, says) in refusals {
            let r = try Run(["dump", "--model", name, "--input", "the cat"], environment: env)
            #expect(r.status == 1 && r.stderrLines.count == 1 && r.stderr.contains(says), "\(name): \(r.stderr)")
        }
        // Read where they are: nothing was added, copied or changed.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root).sorted() == before)
    }

    @Test("attnviz models lists Ollama and LM Studio models with family, quantization, shape and context")
    func listing() throws {
        let (env, root) = try Self.stores()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try Run(["models", "--dir", root + "/none"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        for name in ["tiny:latest", "me/mine:v1", "pub/repo/a.gguf", "pub/two/x.gguf"] {
            #expect(line(name).contains("llama 3 × 6 (2 kv) · Q4_1 · context 512"), "\(name): \(line(name))")
        }
        #expect(line("tiny:latest").hasSuffix("(Ollama)") && line("pub/repo/a.gguf").hasSuffix("(LM Studio)"))
        for name in ["tiny:gone", "tiny:junk", "tiny:nolayer", "tiny:evil"] {
            #expect(line(name).contains("cannot open"), "\(name): \(line(name))")
        }
    }

    @Test("a vocabulary-only GGUF (as llama.cpp's test files are) opened as a model says it is one")
    func vocabularyOnly() throws {
        let path = try Decoders.tiny(["vocab_only=1"])
        let r = try Run(["dump", "--model", path, "--input", "x"])
        #expect(r.status == 1 && r.stderr.contains("a vocabulary only, no weights"), "\(r.stderr)")
        #expect(!r.stderr.contains("truncated"))
    }
}
