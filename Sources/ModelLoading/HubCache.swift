import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import SafeFiles
import Tokenizers

/// The models `transformers` has already downloaded: the Hugging Face hub cache
/// (`models--ORG--NAME/snapshots/HASH/`), found as huggingface_hub finds it. Nothing is fetched.
public struct HubCache: Sendable {
    /// The cache folder: HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub,
    /// else ~/.cache/huggingface/hub.
    public let root: String

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        if let hub = env["HF_HUB_CACHE"], !hub.isEmpty {
            root = hub
        } else if let home = env["HF_HOME"], !home.isEmpty {
            root = home + "/hub"
        } else if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty {
            root = xdg + "/huggingface/hub"
        } else {
            root = (env["HOME"] ?? NSHomeDirectory()) + "/.cache/huggingface/hub"
        }
    }

    /// Whether `s` reads as a hub id (`gpt2`, `sentence-transformers/all-MiniLM-L6-v2`) rather
    /// than a path: at most one slash, no leading dot or slash, no file extension we read.
    public static func looksLikeID(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }), !s.hasPrefix("."), !s.hasPrefix("~")
        else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        return s.lowercased().hasSuffix(".gguf") == false
            && parts.allSatisfy { $0.unicodeScalars.allSatisfy(allowed.contains) }
    }

    /// The folder of `id`'s repository in the cache.
    public func repository(_ id: String) -> String {
        root + "/models--" + id.replacingOccurrences(of: "/", with: "--")
    }

    /// The snapshot `id` opens: the one refs/main names, else the newest.
    public func snapshot(_ id: String) -> Result<String, ModelError> {
        let repo = repository(id)
        let fm = FileManager.default
        switch Self.ref(repo + "/refs/main") {
        case .success(let hash?):
            let path = repo + "/snapshots/" + hash
            if fm.fileExists(atPath: path) { return .success(path) }
        case .success(nil): break
        case .failure(let e): return .failure(e)
        }
        let snapshots = (try? fm.contentsOfDirectory(atPath: repo + "/snapshots")) ?? []
        let newest = snapshots.max { a, b in modified(repo + "/snapshots/" + a) < modified(repo + "/snapshots/" + b) }
        if let n = newest { return .success(repo + "/snapshots/" + n) }
        return .failure(
            .file(
                "no such file or folder, and '\(shortened(id, limit: 80))' is not in the Hugging Face hub cache "
                    + "(looked in \(shortened(repo, limit: 120))); AttnViz downloads nothing: fetch it with "
                    + "`huggingface-cli download \(shortened(id, limit: 80))` or transformers' from_pretrained, then try again"
            ))
    }

    /// Every repository in the cache with a snapshot, by hub id.
    public func models() -> [(id: String, path: String)] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("models--") }.sorted()
        return names.compactMap { name in
            let id = String(name.dropFirst("models--".count)).replacingOccurrences(of: "--", with: "/")
            guard case .success(let path) = snapshot(id) else { return nil }
            return (id, path)
        }
    }

    /// A ref file's commit hash: 40 hex digits and a line end at most. Only its first bytes are
    /// read (a 700 MB ref took a minute and 1.4 GB); anything else is refused. nil: no ref.
    static func ref(_ path: String) -> Result<String?, ModelError> {
        let name = "\(shortened(path, limit: 120))"
        switch RegularFile.read(path, limit: 128) {
        case .success(let bytes):
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count == 40 || text.count == 64,
                text.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
            else { return .failure(.file("\(name) is not a commit hash (40 hexadecimal digits)")) }
            return .success(text)
        case .failure(.tooLarge(let size, _)):
            return .failure(.file("\(name) is \(size) bytes, not a commit hash (40 hexadecimal digits)"))
        case .failure(.missing): return .success(nil)
        case .failure(let p): return .failure(.file("\(name): \(p)"))
        }
    }

    func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
