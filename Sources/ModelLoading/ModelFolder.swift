import AttentionCore
import Foundation
import SafeFiles
import TrainedModels

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a Hugging Face BERT folder: maps model.safetensors, reads the small text files, and
/// hands the bytes to TrainedModels, which does all the parsing and checking.
public enum ModelFolder {
    /// Limits on the small files, so a wrong path cannot make us read gigabytes.
    static let maxConfigBytes = 1 << 20
    static let maxVocabBytes = 64 << 20

    public static func load(_ path: String) -> Result<BertModel, ModelError> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return .failure(.file("no such folder"))
        }
        guard isDir.boolValue else {
            return .failure(
                .file("it is a file; give the folder that holds config.json, model.safetensors and vocab.txt"))
        }
        let dir = path.hasSuffix("/") ? path : path + "/"
        let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        do {
            guard FileManager.default.fileExists(atPath: dir + "model.safetensors") else {
                let hasBin = FileManager.default.fileExists(atPath: dir + "pytorch_model.bin")
                throw ModelError.file(
                    "the folder has no model.safetensors"
                        + (hasBin ? " (only pytorch_model.bin, which AttnViz does not read)" : "")
                        + "; `make model` fetches all-MiniLM-L6-v2")
            }
            let config = try readSmall(dir + "config.json", limit: maxConfigBytes, required: true) ?? Data()
            let vocabBytes = try readSmall(dir + "vocab.txt", limit: maxVocabBytes, required: true) ?? Data()
            let tokenizerConfig = try readSmall(dir + "tokenizer_config.json", limit: maxConfigBytes, required: false)
            guard let vocab = String(data: vocabBytes, encoding: .utf8) else {
                throw ModelError.vocabulary("is not UTF-8 text")
            }
            let weights = try map(dir + "model.safetensors")
            return .success(
                try BertModel(
                    name: name, config: config, vocabulary: vocab, tokenizerConfig: tokenizerConfig, weights: weights))
        } catch let e as ModelError {
            return .failure(e)
        } catch {
            return .failure(.file("\(error)"))
        }
    }

    /// A small file of the folder, read through `RegularFile` (regular files only, no FIFO hangs).
    static func readSmall(_ path: String, limit: Int, required: Bool) throws(ModelError) -> Data? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        switch RegularFile.read(path, limit: limit) {
        case .success(let bytes): return Data(bytes)
        case .failure(.missing) where !required: return nil
        case .failure(.missing): throw .file("the model folder has no \(name)")
        case .failure(let problem): throw .file("\(name): \(problem)")
        }
    }

    /// Maps the weights read-only; the model unmaps them when it is freed.
    static func map(_ path: String) throws(ModelError) -> ModelBytes {
        let fd: Int32
        let size: Int
        switch RegularFile.open(path) {
        case .success(let opened): (fd, size) = opened
        case .failure(let problem): throw .file("model.safetensors: \(problem)")
        }
        defer { close(fd) }
        guard size > 0 else { throw .safetensors("the file is empty") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .file("cannot map \(short(path)): \(String(cString: strerror(errno)))")
        }
        let address = UInt(bitPattern: p)
        let page = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
        return ModelBytes(
            buffer: UnsafeRawBufferPointer(start: p, count: size),
            release: {
                _ = munmap(UnsafeMutableRawPointer(bitPattern: address), size)
            },
            discard: { range in
                // Whole pages inside the range only: a neighbour tensor may share the edge pages.
                let start = (address + UInt(range.lowerBound) + page - 1) / page * page
                let end = (address + UInt(range.upperBound)) / page * page
                guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
                _ = madvise(p, Int(end - start), MADV_DONTNEED)
            })
    }
}

func short(_ s: String) -> String { shortened(s, limit: 120) }
