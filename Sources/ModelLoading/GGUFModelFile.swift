import Foundation
import SafeFiles
import TrainedModels

/// Opens a llama.cpp GGUF file: reads it whole into memory the program owns (the weights stay
/// quantized there, ~98 MB for SmolLM2-135M at Q4_1) and hands it to TrainedModels to check.
public enum GGUFModelFile {
    /// A path that names a GGUF file rather than a model folder.
    public static func isGGUF(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".gguf")
    }

    public static func load(_ path: String) -> Result<DecoderModel, ModelError> {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            // RegularFile refuses folders, FIFOs and devices before a byte is read.
            let bytes = try ModelFolder.readWeights(path, label: URL(fileURLWithPath: path).lastPathComponent)
            return .success(try DecoderModel(name: name, bytes: bytes))
        } catch {
            return .failure(error)
        }
    }
}

/// Opens what --model names: a .gguf file (a decoder), a Hugging Face folder (an encoder), or a
/// hub id found in the local hub cache (`sentence-transformers/all-MiniLM-L6-v2`).
public enum ModelLoader {
    public static func load(_ path: String, hub: HubCache = HubCache()) -> Result<TrainedModel, ModelError> {
        if GGUFModelFile.isGGUF(path) { return GGUFModelFile.load(path).map(TrainedModel.decoder) }
        if !FileManager.default.fileExists(atPath: path), HubCache.looksLikeID(path) {
            return hub.snapshot(path).flatMap { folder in
                loadFolder(folder, name: String(path.split(separator: "/").last ?? Substring(path)))
            }
        }
        return loadFolder(path, name: nil)
    }

    /// A folder; one that holds only GGUF files (a hub repository of quantized files) opens the first.
    static func loadFolder(_ path: String, name: String?) -> Result<TrainedModel, ModelError> {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path + "/config.json"),
            let gguf = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter(GGUFModelFile.isGGUF).sorted().first
        {
            return GGUFModelFile.load(path + "/" + gguf).map(TrainedModel.decoder)
        }
        return ModelFolder.loadAny(path, name: name)
    }
}
