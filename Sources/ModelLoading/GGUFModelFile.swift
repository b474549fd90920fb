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

    public static func load(_ path: String) -> Result<LlamaModel, ModelError> {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            // RegularFile refuses folders, FIFOs and devices before a byte is read.
            let bytes = try ModelFolder.readWeights(path, label: URL(fileURLWithPath: path).lastPathComponent)
            return .success(try LlamaModel(name: name, bytes: bytes))
        } catch {
            return .failure(error)
        }
    }
}

/// Opens what --model names: a .gguf file (a decoder) or a Hugging Face folder (an encoder).
public enum ModelLoader {
    public static func load(_ path: String) -> Result<TrainedModel, ModelError> {
        if GGUFModelFile.isGGUF(path) { return GGUFModelFile.load(path).map(TrainedModel.decoder) }
        return ModelFolder.load(path).map(TrainedModel.encoder)
    }
}
