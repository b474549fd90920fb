import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import ModelLoading
import SafeFiles
import Tokenizers
import VisualizerModel

/// The trained models a lecture names (`model: DIR`), loaded once each while its cues are checked.
final class ModelShelf {
    var models: [String: TrainedModel] = [:]
    /// The folder of the cue file whose `model:` lines are read (a relative path is its).
    var cueFolder: String?

    /// What the state needs to switch: each model's shape, keyed like the models.
    var catalog: [String: ModelInfo] {
        var out: [String: ModelInfo] = [:]
        for (key, m) in models { out[key] = ModelInfo(m, key: key) }
        return out
    }

    func load(_ path: String) -> Result<CueScript.ModelShape, CueScript.ModelUnavailable> {
        if let m = models[path] { return .success(Self.shape(m)) }
        let tried = candidates(path)
        let found = tried.first { FileManager.default.fileExists(atPath: $0) }
        switch ModelLoader.load(found ?? path) {
        case .success(let m):
            models[path] = m
            return .success(Self.shape(m))
        case .failure(let e):
            guard found == nil, !tried.isEmpty, case .file = e else {
                return .failure(CueScript.ModelUnavailable(reason: e.description))
            }
            return .failure(
                CueScript.ModelUnavailable(
                    reason: "no such file or folder; looked for "
                        + tried.map { shortened($0, limit: 80) }.joined(separator: ", ")
                        + " and in the model stores"))
        }
    }

    /// Where a relative `model:` path may be: beside the cue file (and the folders above it, so a
    /// lecture in assets/lectures/ finds the repository's models/), then the current folder,
    /// then models/. An absolute path is only itself.
    func candidates(_ path: String) -> [String] {
        guard !path.hasPrefix("/") else { return [] }
        var out: [String] = []
        if var folder = cueFolder.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) {
            for _ in 0..<3 {
                out.append(folder + "/" + path)
                let up = (folder as NSString).deletingLastPathComponent
                if up == folder || up.isEmpty { break }
                folder = up
            }
        }
        let cwd = FileManager.default.currentDirectoryPath
        out.append(cwd + "/" + path)
        out.append(cwd + "/models/" + path)
        var seen: Set<String> = []
        return out.filter { seen.insert($0).inserted }
    }
}

extension ModelShelf {
    static func shape(_ m: TrainedModel) -> CueScript.ModelShape {
        if case .decoder = m { return (m.layers, m.heads, true) }
        return (m.layers, m.heads, false)
    }
}

/// Reads and checks --cues FILE before anything opens: a mistake is one line with file:line.
func loadCues(_ o: Options, model: TrainedModel?, shelf: ModelShelf = ModelShelf()) throws(RunError) -> CueScript? {
    guard let path = o.cuesPath else { return nil }
    let bytes: [UInt8]
    switch RegularFile.read(path, limit: 4 << 20) {
    case .success(let b): bytes = b
    case .failure(let p):
        throw RunError(description: "cannot read --cues '\(shortened(path, limit: 120))': \(p.description)")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw RunError(description: "cannot read --cues '\(shortened(path, limit: 120))': it is not UTF-8 text")
    }
    let trained = model.map(ModelShelf.shape)
    shelf.cueFolder =
        (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
    if let model, let key = o.modelPath { shelf.models[key] = model }
    // Each cue's input, as it accumulates, is held to the limits the flags enforce.
    let modelTokens: CueScript.ModelTokens = { key, text in
        guard let m = key.flatMap({ shelf.models[$0] }) ?? model else {
            return .failure(CueScript.ModelUnavailable(reason: "no model is loaded"))
        }
        switch m.check(text) {
        case .success(let count): return .success(count as Int?)
        case .failure(let e): return .failure(CueScript.ModelUnavailable(reason: e.description))
        }
    }
    switch CueScript.parse(
        text, name: path, base: o.settings, trainedModel: trained, loadModel: shelf.load,
        opening: CueScript.Opening(text: o.input, mode: o.mode), modelTokens: modelTokens)
    {
    case .success(let script): return script
    case .failure(let problem): throw RunError(description: problem.description)
    }
}
