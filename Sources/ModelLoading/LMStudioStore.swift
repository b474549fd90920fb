import AttentionCore
import Foundation
import ModelFormats

/// The models LM Studio has downloaded: `PUBLISHER/REPO/FILE.gguf` under `~/.lmstudio/models`
/// (today's) and `~/.cache/lm-studio/models` (older versions'); `LMSTUDIO_MODELS` names another
/// folder. `--model PUBLISHER/REPO` opens the repository's one GGUF file, or names them when there
/// are several; `--model PUBLISHER/REPO/FILE.gguf` opens that one.
public struct LMStudioStore: Sendable {
    public let roots: [String]

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        if let r = env["LMSTUDIO_MODELS"], !r.isEmpty {
            roots = [r]
        } else {
            let home = env["HOME"] ?? NSHomeDirectory()
            roots = [home + "/.lmstudio/models", home + "/.cache/lm-studio/models"]
        }
    }

    /// The GGUF file `name` means in a root, nil when no root has it, or why it is ambiguous.
    public func file(_ name: String) -> Result<String, ModelError>? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            return nil
        }
        let fm = FileManager.default
        for root in roots {
            let path = root + "/" + name
            var folder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &folder) else { continue }
            guard folder.boolValue else { return GGUFModelFile.isGGUF(path) ? .success(path) : nil }
            let files = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter(GGUFModelFile.isGGUF).sorted()
            switch files.count {
            case 0: return .failure(.file("LM Studio's \(shortened(name, limit: 80)) holds no .gguf file"))
            case 1: return .success(path + "/" + files[0])
            default:
                return .failure(
                    .file(
                        "LM Studio's \(shortened(name, limit: 80)) holds \(files.count) GGUF files; name one: "
                            + files.prefix(4).map { "\(name)/\($0)" }.joined(separator: ", ")))
            }
        }
        return nil
    }

    /// Every GGUF file, by how --model names it, with its path.
    public func models() -> [(name: String, path: String)] {
        let fm = FileManager.default
        var out: [(String, String)] = []
        var seen: Set<String> = []
        for root in roots {
            for publisher in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted()
            where !publisher.hasPrefix(".") {
                for repo in ((try? fm.contentsOfDirectory(atPath: root + "/" + publisher)) ?? []).sorted() {
                    let folder = "\(root)/\(publisher)/\(repo)"
                    for file in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter(GGUFModelFile.isGGUF)
                        .sorted()
                    {
                        let name = "\(publisher)/\(repo)/\(file)"
                        if seen.insert(name).inserted { out.append((name, folder + "/" + file)) }
                    }
                }
            }
        }
        return out
    }
}
