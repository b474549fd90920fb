import Foundation
import ModelLoading
import TestSupport
import Testing

/// Models found where transformers keeps them: a hub cache laid out as huggingface_hub lays it
/// out (blobs, snapshots of symbolic links, refs/main), opened by id; `attnviz models` lists it.
@Suite("The hub cache and attnviz models")
struct HubCacheCLITests {
    /// Two snapshot names, commit hashes as the hub writes them (40 hexadecimal digits).
    static let older = String(repeating: "a", count: 34) + "aaa111"
    static let newer = String(repeating: "b", count: 34) + "bbb222"

    /// A cache holding `org/tiny-bert` with two snapshots, refs/main naming the older one.
    static func cache() throws -> String {
        let root = TinyBert.temporaryFolder("hub")
        let repo = root + "/models--org--tiny-bert"
        let fm = FileManager.default
        try fm.createDirectory(atPath: repo + "/blobs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: repo + "/refs", withIntermediateDirectories: true)
        for (hash, layers) in [(older, 2), (newer, 3)] {
            var tiny = TinyBert()
            tiny.layers = layers
            let staging = try tiny.write(to: root + "/staging-\(hash)")
            try fm.createDirectory(atPath: repo + "/snapshots/" + hash, withIntermediateDirectories: true)
            for file in ["config.json", "vocab.txt", "model.safetensors"] {
                let blob = repo + "/blobs/\(hash)-\(file)"
                try fm.moveItem(atPath: staging + "/" + file, toPath: blob)
                try fm.createSymbolicLink(
                    atPath: repo + "/snapshots/\(hash)/" + file, withDestinationPath: "../../blobs/\(hash)-\(file)")
            }
        }
        try Data((older + "\n").utf8).write(to: URL(fileURLWithPath: repo + "/refs/main"))
        return root
    }

    @Test("--model ORG/NAME opens the refs/main snapshot from HF_HUB_CACHE; models lists it")
    func openByID() throws {
        let root = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["HF_HUB_CACHE": root, "PATH": "/usr/bin:/bin"]
        let dump = try Run(["dump", "--model", "org/tiny-bert", "--input", "the cat"], environment: env)
        #expect(dump.status == 0, "\(dump.stderr)")
        #expect(dump.stdout.contains("\"layers\": 2"), "refs/main names the 2-layer snapshot")
        let list = try Run(["models", "--dir", root + "/none"], environment: env)
        #expect(list.status == 0 && list.stdout.contains("org/tiny-bert") && list.stdout.contains("bert 2 × 2"))
        #expect(
            list.stderrLines.count == 1
                && list.stderr.contains("no such folder; listing the hub cache, Ollama and LM Studio only"))
        #expect(list.stdout.split(separator: "\n").count == 1)
        // Without refs/main, the newest snapshot.
        try FileManager.default.removeItem(atPath: root + "/models--org--tiny-bert/refs/main")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)],
            ofItemAtPath: root + "/models--org--tiny-bert/snapshots/" + Self.newer)
        let newest = try Run(["dump", "--model", "org/tiny-bert", "--input", "the cat"], environment: env)
        #expect(newest.status == 0 && newest.stdout.contains("\"layers\": 3"))
    }

    @Test("HF_HOME and HOME are where the cache is looked for, in huggingface_hub's order")
    func roots() {
        #expect(HubCache(environment: ["HF_HUB_CACHE": "/a", "HF_HOME": "/b", "HOME": "/h"]).root == "/a")
        #expect(HubCache(environment: ["HF_HOME": "/b", "HOME": "/h"]).root == "/b/hub")
        #expect(HubCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).root == "/x/huggingface/hub")
        #expect(HubCache(environment: ["HOME": "/h"]).root == "/h/.cache/huggingface/hub")
        #expect(HubCache.looksLikeID("gpt2") && HubCache.looksLikeID("sentence-transformers/all-MiniLM-L6-v2"))
        #expect(!HubCache.looksLikeID("./x") && !HubCache.looksLikeID("/abs/x") && !HubCache.looksLikeID("a/b/c"))
        #expect(!HubCache.looksLikeID("m.gguf") && !HubCache.looksLikeID("") && !HubCache.looksLikeID("a b"))
    }

    @Test("a missing id says where it looked and how to fetch it, in one line; nothing is downloaded")
    func missing() throws {
        let root = TinyBert.temporaryFolder("hub-empty")
        let r = try Run(["dump", "--model", "nobody/nothing", "--input", "x"], environment: ["HF_HUB_CACHE": root])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1 && r.stderr.contains(root + "/models--nobody--nothing"))
        #expect(r.stderr.contains("huggingface-cli download nobody/nothing"))
        let bad = try Run(["models", "--dir"])
        #expect(bad.status == 2 && bad.stderr.contains("--dir needs a folder"))
        let unknown = try Run(["models", "--input", "x"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown flag '--input'"))
    }

    @Test("a refs/main that is not a commit hash is refused in one line at once, however large")
    func hostileRefs() throws {
        let root = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["HF_HUB_CACHE": root, "PATH": "/usr/bin:/bin"]
        let ref = root + "/models--org--tiny-bert/refs/main"
        let cases: [(String, [UInt8])] = [
            ("is 52428800 bytes", [UInt8](repeating: 0x61, count: 50 << 20)),
            ("is not a commit hash", Array("../../../etc\n".utf8)),
            ("is not a commit hash", Array((String(repeating: "g", count: 40)).utf8)),
            ("is not a commit hash", []),
        ]
        for (mentions, bytes) in cases {
            try FileManager.default.removeItem(atPath: ref)
            try Data(bytes).write(to: URL(fileURLWithPath: ref))
            let start = Date()
            let r = try Run(["dump", "--model", "org/tiny-bert", "--input", "the cat"], environment: env)
            #expect(r.status == 1 && r.stderrLines.count == 1 && r.stderr.contains(mentions), "\(r.stderr)")
            #expect(Date().timeIntervalSince(start) < 5)
        }
        try FileManager.default.removeItem(atPath: ref)
        #expect(mkfifo(ref, 0o600) == 0)
        let fifo = try Run(["dump", "--model", "org/tiny-bert", "--input", "the cat"], environment: env)
        #expect(fifo.status == 1 && fifo.stderr.contains("FIFO"), "\(fifo.stderr)")
    }
}
