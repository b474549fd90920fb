import AttentionCore
import Foundation
import ModelFormats
import SafeFiles

/// The models Ollama has pulled: `OLLAMA_MODELS`, else `~/.ollama/models`, where a manifest
/// (`manifests/HOST/NAMESPACE/NAME/TAG`, JSON) names its layers by digest and the model layer
/// (`application/vnd.ollama.image.model`) is a GGUF file stored as `blobs/sha256-HEX`. Files are
/// read where they are; nothing is copied or fetched.
public struct OllamaStore: Sendable {
    public let root: String

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        if let r = env["OLLAMA_MODELS"], !r.isEmpty {
            root = r
        } else {
            root = (env["HOME"] ?? NSHomeDirectory()) + "/.ollama/models"
        }
    }

    /// `llama3.2`, `llama3.2:1b`, `NAMESPACE/NAME:TAG`, `HOST/NAMESPACE/NAME:TAG`.
    public struct Reference: Equatable, Sendable {
        public var host = "registry.ollama.ai"
        public var namespace = "library"
        public var name: String
        public var tag = "latest"

        /// nil when `s` cannot be an Ollama name (a path, a hub id with capitals, spaces …).
        public init?(_ s: String) {
            let (path, tag) = s.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                .splitTag()
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard (1...3).contains(parts.count), parts.allSatisfy(Self.isName), let tag, Self.isTag(tag) else {
                return nil
            }
            name = parts[parts.count - 1]
            if parts.count >= 2 { namespace = parts[parts.count - 2] }
            if parts.count == 3 { host = parts[0] }
            self.tag = tag
        }

        /// How `attnviz models` and --model write it: `llama3.2:1b`, `me/mine:latest`.
        public var display: String {
            (host == "registry.ollama.ai" ? "" : host + "/") + (namespace == "library" ? "" : namespace + "/")
                + name + ":" + tag
        }

        static func isName(_ s: String) -> Bool {
            !s.isEmpty && s.count <= 128 && !s.hasPrefix(".") && !s.hasPrefix("-")
                && s.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
                }
        }

        static func isTag(_ s: String) -> Bool {
            !s.isEmpty && s.count <= 128 && !s.hasPrefix(".")
                && s.unicodeScalars.allSatisfy {
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
                }
        }
    }

    func manifestPath(_ r: Reference) -> String {
        "\(root)/manifests/\(r.host)/\(r.namespace)/\(r.name)/\(r.tag)"
    }

    /// Whether the store has any tag of `r`'s name (so a wrong tag can be told from a missing model).
    func tags(of r: Reference) -> [String] {
        let folder = "\(root)/manifests/\(r.host)/\(r.namespace)/\(r.name)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }

    /// The GGUF blob `r` names, or why there is none (one line each: no such model, no such tag,
    /// a manifest that is not Ollama's JSON, one without a model layer, a bad digest, a missing blob).
    public func blob(_ r: Reference) -> Result<String, ModelError> {
        let manifest = manifestPath(r)
        let bytes: [UInt8]
        switch RegularFile.read(manifest, limit: 1 << 20) {
        case .success(let b): bytes = b
        case .failure(.missing):
            let tags = tags(of: r)
            if tags.isEmpty {
                return .failure(.file("Ollama has no model '\(r.display)' (looked in \(shortened(root, limit: 120)))"))
            }
            return .failure(
                .file(
                    "Ollama has '\(r.name)' but not the tag '\(r.tag)'; it has "
                        + tags.prefix(8).map { "'\($0)'" }.joined(separator: ", ")))
        case .failure(let p): return .failure(.file("Ollama's manifest of \(r.display): \(p)"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let layers = object["layers"] as? [Any]
        else { return .failure(.file("Ollama's manifest of \(r.display) is not a manifest (no JSON list of layers)")) }
        let model = layers.compactMap { $0 as? [String: Any] }.first {
            $0["mediaType"] as? String == "application/vnd.ollama.image.model"
        }
        guard let model else {
            return .failure(
                .file("Ollama's manifest of \(r.display) has no model layer (application/vnd.ollama.image.model)"))
        }
        guard let digest = model["digest"] as? String, digest.hasPrefix("sha256:"),
            case let hex = digest.dropFirst(7), hex.count == 64,
            hex.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
        else {
            return .failure(
                .file("Ollama's manifest of \(r.display) names its model by a digest that is not sha256:HEX"))
        }
        let blob = "\(root)/blobs/sha256-\(hex)"
        guard FileManager.default.fileExists(atPath: blob) else {
            return .failure(
                .file(
                    "Ollama's model \(r.display) is missing its blob sha256-\(hex.prefix(12))… (an interrupted pull?)"))
        }
        return .success(blob)
    }

    /// Every tag the store has, by how --model names it, with its blob (or why not).
    public func models() -> [(name: String, blob: Result<String, ModelError>)] {
        let fm = FileManager.default
        var out: [(String, Result<String, ModelError>)] = []
        let hosts = ((try? fm.contentsOfDirectory(atPath: root + "/manifests")) ?? []).sorted()
        for host in hosts where !host.hasPrefix(".") {
            for ns in ((try? fm.contentsOfDirectory(atPath: "\(root)/manifests/\(host)")) ?? []).sorted() {
                for name in ((try? fm.contentsOfDirectory(atPath: "\(root)/manifests/\(host)/\(ns)")) ?? []).sorted() {
                    let folder = "\(root)/manifests/\(host)/\(ns)/\(name)"
                    for tag in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !tag.hasPrefix(".")
                    {
                        guard var r = Reference(name + ":" + tag), Reference.isName(ns), Reference.isName(host) else {
                            continue
                        }
                        r.namespace = ns
                        r.host = host
                        out.append((r.display, blob(r)))
                    }
                }
            }
        }
        return out
    }
}

extension Array where Element == String {
    /// ["name"] or ["name", "tag"] as (name, tag): an empty tag is nil, a missing one "latest".
    fileprivate func splitTag() -> (String, String?) {
        guard count == 2 else { return (first ?? "", "latest") }
        return (self[0], self[1].isEmpty ? nil : self[1])
    }
}
