import AttentionCore
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

    /// `name`: what the views call it (an Ollama blob's file name is a digest); else the file's name.
    public static func load(_ path: String, name given: String? = nil, progress: LoadProgress? = nil)
        -> Result<DecoderModel, ModelError>
    {
        let name = given ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            // RegularFile refuses folders, FIFOs and devices before a byte is read.
            let bytes = try ModelFolder.readWeights(
                path, label: URL(fileURLWithPath: path).lastPathComponent, progress: progress)
            return .success(try DecoderModel(name: name, bytes: bytes))
        } catch {
            return .failure(error)
        }
    }

    /// What a GGUF file holds, from its header and tensor index alone, for `attnviz models`: reads
    /// the first MiB, then four times as much each time the header runs past what was read, so a
    /// 4 GB file is described from its first few MiB (a tokenizer's vocabulary is most of a header).
    public static func describe(_ path: String) -> Result<(config: DecoderConfig, quantization: String), ModelError> {
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
                return Result { () throws(ModelError) in (try DecoderModel.checkHeader(file), quantization(file)) }
            } catch {
                // It may only mean the header runs past what was read: the whole file tells.
                if want == size { return .failure(error) }
                want = min(size, want * 4)
            }
        }
    }
}

extension GGUFModelFile {
    /// The type most of the matrices' values are stored in ("Q4_1", "Q4_K"), as a listing names a file.
    static func quantization(_ file: GGUFFile) -> String {
        var count: [GGMLType: Int] = [:]
        for t in file.tensors where t.shape.count == 2 { count[t.type, default: 0] += t.elementCount }
        return count.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key
            .name
            ?? "?"
    }
}

/// Where --model looks for a name that is not a path: the Hugging Face hub cache, Ollama's
/// store and LM Studio's folders, as found on this machine.
public struct ModelStores: Sendable {
    public var hub: HubCache
    public var ollama: OllamaStore
    public var lmStudio: LMStudioStore

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        hub = HubCache(environment: env)
        ollama = OllamaStore(environment: env)
        lmStudio = LMStudioStore(environment: env)
    }
}

/// Opens what --model names: a .gguf file (a decoder), a Hugging Face folder (an encoder), or a
/// name found in the local stores: a hub id (`sentence-transformers/all-MiniLM-L6-v2`), an Ollama
/// model (`llama3.2:1b`), an LM Studio repository (`lmstudio-community/Qwen2.5-0.5B-Instruct-GGUF`).
public enum ModelLoader {
    public static func load(_ path: String, stores: ModelStores = ModelStores(), progress: LoadProgress? = nil)
        -> Result<TrainedModel, ModelError>
    {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists, let found = stores.lmStudio.file(path) {
            return found.flatMap { GGUFModelFile.load($0, name: path, progress: progress).map(TrainedModel.decoder) }
        }
        if GGUFModelFile.isGGUF(path) { return GGUFModelFile.load(path, progress: progress).map(TrainedModel.decoder) }
        guard !exists else { return loadFolder(path, name: nil, progress: progress) }
        var hubProblem: ModelError?
        if HubCache.looksLikeID(path) {
            switch stores.hub.snapshot(path) {
            case .success(let folder):
                return loadFolder(
                    folder, name: String(path.split(separator: "/").last ?? Substring(path)), progress: progress)
            case .failure(let e): hubProblem = e
            }
        }
        if let ref = OllamaStore.Reference(path),
            FileManager.default.fileExists(atPath: stores.ollama.manifestPath(ref))
                || !stores.ollama.tags(of: ref).isEmpty
        {
            return stores.ollama.blob(ref).flatMap {
                GGUFModelFile.load($0, name: ref.display, progress: progress).map(TrainedModel.decoder)
            }
        }
        guard let hubProblem else {
            guard OllamaStore.Reference(path) != nil else { return loadFolder(path, name: nil, progress: progress) }
            return .failure(.file(notFound(path, stores)))
        }
        // A refs/main that is not a commit hash, and the like, is said as it is.
        guard case .file(let text) = hubProblem, text.hasPrefix("no such file or folder") else {
            return .failure(hubProblem)
        }
        return .failure(.file(text + "; " + notFound(path, stores, hub: false)))
    }

    /// Where a name was looked for beside the hub cache, and how to get it.
    static func notFound(_ name: String, _ stores: ModelStores, hub: Bool = true) -> String {
        let lm = stores.lmStudio.roots.map { shortened($0, limit: 80) }.joined(separator: ", ")
        return (hub ? "no such file or folder, and '\(shortened(name, limit: 80))' is " : "it is also ")
            + "not in Ollama's store (\(shortened(stores.ollama.root, limit: 80)); `ollama pull` fetches) or "
            + "LM Studio's folders (\(lm))"
    }

    /// A folder; one that holds only GGUF files (a hub repository of quantized files) opens the first.
    static func loadFolder(_ path: String, name: String?, progress: LoadProgress? = nil)
        -> Result<TrainedModel, ModelError>
    {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path + "/config.json"),
            let gguf = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter(GGUFModelFile.isGGUF).sorted().first
        {
            return GGUFModelFile.load(path + "/" + gguf, progress: progress).map(TrainedModel.decoder)
        }
        return ModelFolder.loadAny(path, name: name, progress: progress)
    }
}
