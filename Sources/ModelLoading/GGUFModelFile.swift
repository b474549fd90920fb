import Decoders
import Encoders
import Foundation
import ModelFormats
import SafeFiles
import Tokenizers

#if canImport(Glibc)
    import Glibc
#endif

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

    /// What a GGUF file holds, from its header and tensor index alone, for `attnviz models`: reads
    /// the first MiB, then four times as much each time the header runs past what was read, so a
    /// 4 GB file is described from its first few MiB (a tokenizer's vocabulary is most of a header).
    public static func describe(_ path: String) -> Result<DecoderConfig, ModelError> {
        let label = URL(fileURLWithPath: path).lastPathComponent
        let fd: Int32
        let size: Int
        switch RegularFile.open(path) {
        case .success(let opened): (fd, size) = opened
        case .failure(let problem): return .failure(.file("\(label): \(problem)"))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var want = min(size, 1 << 20)
        while true {
            let have = bytes.count
            if want > have {
                bytes.append(contentsOf: repeatElement(0, count: want - have))
                let problem = bytes.withUnsafeMutableBytes {
                    ModelFolder.readFully(fd, into: $0.baseAddress! + have, count: want - have)
                }
                if let problem { return .failure(.file("\(label): \(problem)")) }
            }
            do throws(ModelError) {
                let file = try bytes.withUnsafeBufferPointer { (b) throws(ModelError) in
                    try GGUFFile.parse(UnsafeRawBufferPointer(b), fileSize: size)
                }
                return Result { () throws(ModelError) in try DecoderModel.checkHeader(file) }
            } catch {
                // It may only mean the header runs past what was read: the whole file tells.
                if want == size { return .failure(error) }
                want = min(size, want * 4)
            }
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
