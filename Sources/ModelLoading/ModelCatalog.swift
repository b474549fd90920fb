import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import Tokenizers

#if canImport(Glibc)
    import Glibc
#endif

/// What `attnviz models` lists: the models in a folder (`models/`) and in the hub cache, each
/// described from its config or GGUF header without computing anything.
public enum ModelCatalog {
    public struct Entry: Sendable {
        /// What --model takes to open it.
        public var name: String
        public var location: String
        /// "bert 6 × 12", or why it cannot be opened.
        public var summary: String
        public var opens: Bool
        public var bytes: Int
    }

    public static func entries(folder: String, stores: ModelStores) -> [Entry] {
        let fm = FileManager.default
        var out: [Entry] = []
        for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let isGGUF = GGUFModelFile.isGGUF(name)
            guard isGGUF || fm.fileExists(atPath: path + "/config.json") else { continue }
            out.append(describe(path, name: path, location: folder + "/"))
        }
        for (id, path) in stores.hub.models() {
            out.append(describe(path, name: id, location: "hub cache"))
        }
        for (name, blob) in stores.ollama.models() {
            switch blob {
            case .success(let path): out.append(describe(path, name: name, location: "Ollama", gguf: true))
            case .failure(let e):
                out.append(Entry(name: name, location: "Ollama", summary: e.description, opens: false, bytes: 0))
            }
        }
        for (name, path) in stores.lmStudio.models() {
            out.append(describe(path, name: name, location: "LM Studio", gguf: true))
        }
        return out
    }

    static func describe(_ path: String, name: String, location: String, gguf: Bool = false) -> Entry {
        let size = bytes(path)
        if gguf || GGUFModelFile.isGGUF(path) {
            switch GGUFModelFile.describe(path) {
            case .success(let (c, quantization)):
                return Entry(
                    name: name, location: location,
                    summary:
                        "\(c.architecture.rawValue) \(c.layers) × \(c.heads) (\(c.kvHeads) kv) · \(quantization) · "
                        + "context \(c.contextLength)",
                    opens: true, bytes: size)
            case .failure(let e):
                return Entry(name: name, location: location, summary: e.description, opens: false, bytes: size)
            }
        }
        let config: Data
        do {
            config =
                try ModelFolder.readSmall(path + "/config.json", limit: ModelFolder.maxConfigBytes, required: true)
                ?? Data()
        } catch {
            return Entry(name: name, location: location, summary: error.description, opens: false, bytes: size)
        }
        let weights = SafeTensorsHeader.problem(path + "/model.safetensors")
        switch DecoderConfig.huggingFace(config) {
        case .success(let hf)?:
            let c = hf.config
            if let weights {
                return Entry(name: name, location: location, summary: weights.description, opens: false, bytes: size)
            }
            return Entry(
                name: name, location: location,
                summary: "\(c.architecture.rawValue) \(c.layers) × \(c.heads)"
                    + (c.kvHeads == c.heads ? "" : " (\(c.kvHeads) kv)"), opens: true, bytes: size)
        case .failure(let e)?:
            return Entry(name: name, location: location, summary: e.description, opens: false, bytes: size)
        case nil: break
        }
        do {
            let c = try EncoderConfig.parse(config)
            if let weights {
                return Entry(
                    name: name, location: location, summary: "\(c.modelType): \(weights.description)", opens: false,
                    bytes: size)
            }
            return Entry(
                name: name, location: location, summary: "\(c.modelType) \(c.layers) × \(c.heads)", opens: true,
                bytes: size
            )
        } catch {
            return Entry(name: name, location: location, summary: error.description, opens: false, bytes: size)
        }
    }

    /// Bytes of a file, or of every file under a folder (hub snapshots are symbolic links to blobs).
    static func bytes(_ path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        if (st.st_mode & S_IFMT) == S_IFREG { return Int(st.st_size) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return 0 }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { total, n in
            var s = stat()
            return total + (stat(path + "/" + n, &s) == 0 && (s.st_mode & S_IFMT) == S_IFREG ? Int(s.st_size) : 0)
        }
    }

    /// One line an entry: name, architecture and layers × heads (or why not), size, where.
    public static func line(_ e: Entry, nameWidth: Int) -> String {
        let mb = String(format: "%.0f MB", Double(e.bytes) / 1e6)
        let shown = escapingControls(e.name)
        let name = shown.count >= nameWidth ? shown : shown + String(repeating: " ", count: nameWidth - shown.count)
        let summary = escapingControls(e.opens ? e.summary : "cannot open: " + shortened(e.summary, limit: 100))
        return "\(name)  \(summary)  \(mb)  (\(escapingControls(e.location)))"
    }
}
