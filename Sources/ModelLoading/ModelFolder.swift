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

/// Opens a Hugging Face encoder folder: reads model.safetensors into owned memory, reads the small text files
/// (config.json and the tokenizer: tokenizer.json, else vocab.txt, else vocab.json + merges.txt), and hands the
/// bytes to TrainedModels, which does all the parsing and checking.
public enum ModelFolder {
    /// Limits on the small files, so a wrong path cannot make us read gigabytes (the largest real
    /// vocab.txt, multilingual BERT's 119,547 pieces, is under 1 MB).
    static let maxConfigBytes = 1 << 20
    static let maxVocabBytes = 8 << 20

    /// `name`: what the views call the model (a hub snapshot's folder is a hash); else the folder's name.
    public static func load(_ path: String, name given: String? = nil, progress: LoadProgress? = nil)
        -> Result<EncoderModel, ModelError>
    {
        switch FileProblem.folder(at: path) {
        case nil: break
        case .missing?: return .failure(.file("no such folder"))
        case .notFolder?:
            return .failure(
                .file("it is a file; give the folder that holds config.json, model.safetensors and tokenizer.json"))
        case let problem?: return .failure(.file(problem.descriptionWhereAFolderIsWanted))
        }
        let dir = path.hasSuffix("/") ? path : path + "/"
        let name = given ?? URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        do {
            if let missing = missingWeights(dir) { throw missing }
            let config = try readSmall(dir + "config.json", limit: maxConfigBytes, required: true) ?? Data()
            let tokenizer = try readTokenizer(dir, name: name, config: config)
            let weights = try readWeights(dir + "model.safetensors", progress: progress)
            return .success(try EncoderModel(name: name, config: config, tokenizer: tokenizer, weights: weights))
        } catch let e as ModelError {
            return .failure(e)
        } catch {
            return .failure(.file("\(error)"))
        }
    }

    /// A folder of any architecture AttnViz reads: a llama or GPT-2 decoder, else an encoder.
    public static func loadAny(_ path: String, name given: String? = nil, progress: LoadProgress? = nil)
        -> Result<TrainedModel, ModelError>
    {
        let dir = path.hasSuffix("/") ? path : path + "/"
        guard let config = try? readSmall(dir + "config.json", limit: maxConfigBytes, required: false),
            let decoder = DecoderConfig.huggingFace(config)
        else { return load(path, name: given, progress: progress).map(TrainedModel.encoder) }
        let name = given ?? URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        do {
            let parsed = try decoder.get()  // what is wrong with config.json comes first
            let type = parsed.config.architecture.rawValue
            guard !FileManager.default.fileExists(atPath: dir + "vocab.txt") || hasFile(dir, "tokenizer.json") else {
                throw ModelError.file("a \(type) folder's tokenizer is tokenizer.json or vocab.json + merges.txt")
            }
            let tokenizer = try readTokenizer(dir, name: name, config: config)
            let options = try readSmall(dir + "tokenizer_config.json", limit: maxConfigBytes, required: false)
                .flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
            let jinja = try readSmall(dir + "chat_template.jinja", limit: maxConfigBytes, required: false)
            let template = options?["chat_template"] as? String ?? jinja.flatMap { String(data: $0, encoding: .utf8) }
            if let missing = missingWeights(dir) { throw missing }
            let weights = try readWeights(dir + "model.safetensors", progress: progress)
            return .success(
                .decoder(
                    try DecoderModel(
                        name: name, config: parsed, tokenizer: tokenizer, chatTemplate: template, weights: weights)))
        } catch let e as ModelError {
            return .failure(e)
        } catch {
            return .failure(.file("\(error)"))
        }
    }

    /// Why a folder has no model.safetensors to read, when it has none.
    static func missingWeights(_ dir: String) -> ModelError? {
        let fm = FileManager.default
        // Something is there (a loop of links, a FIFO): reading it names what it is.
        var st = stat()
        guard lstat(dir + "model.safetensors", &st) != 0 else { return nil }
        let hasBin = fm.fileExists(atPath: dir + "pytorch_model.bin")
        let sharded = fm.fileExists(atPath: dir + "model.safetensors.index.json")
        return .file(
            "the folder has no model.safetensors"
                + (sharded ? " (its weights are split into shards, which AttnViz does not join)" : "")
                + (hasBin
                    ? " (only pytorch_model.bin, which AttnViz does not read: transformers' "
                        + "from_pretrained(DIR).save_pretrained(DIR) writes model.safetensors beside it)"
                    : "")
                + "; `make model` fetches all-MiniLM-L6-v2")
    }

    /// The folder's tokenizer: tokenizer.json when there is one (what most folders ship), else
    /// BERT's vocab.txt, else GPT-2/RoBERTa's vocab.json + merges.txt.
    static func readTokenizer(_ dir: String, name: String, config: Data) throws(ModelError) -> TokenizerPipeline {
        if let json = try readSmall(dir + "tokenizer.json", limit: maxVocabBytes * 8, required: false) {
            do { return try TokenizerPipeline(json: json) } catch { throw error.naming("tokenizer.json") }
        }
        let tokenizerConfig = try readSmall(dir + "tokenizer_config.json", limit: maxConfigBytes, required: false)
        if let vocabBytes = try readSmall(dir + "vocab.txt", limit: maxVocabBytes, required: false) {
            guard let vocab = String(data: vocabBytes, encoding: .utf8) else {
                throw ModelError.vocabulary("is not UTF-8 text")
            }
            return try TokenizerPipeline(
                vocabulary: try Vocabulary(text: vocab),
                options: TokenizerOptions.parse(tokenizerConfig, folderName: name))
        }
        guard let vocabJSON = try readSmall(dir + "vocab.json", limit: maxVocabBytes * 4, required: false),
            let mergeBytes = try readSmall(dir + "merges.txt", limit: maxVocabBytes * 4, required: false)
        else {
            throw .file("the model folder has no tokenizer.json, vocab.txt, or vocab.json with merges.txt")
        }
        guard let merges = String(data: mergeBytes, encoding: .utf8) else {
            throw .tokenizer("merges.txt is not UTF-8 text")
        }
        let type = (try? JSONSerialization.jsonObject(with: config) as? [String: Any])?["model_type"] as? String
        let options = tokenizerConfig.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let roberta = type.map { EncoderFamily.named($0) == .roberta } ?? false
        return
            (try TokenizerPipeline(
                vocabJSON: vocabJSON, merges: merges, roberta: roberta,
                prefixSpace: options?["add_prefix_space"] as? Bool ?? false,
                maskLeftStrip: (options?["mask_token"] as? [String: Any])?["lstrip"] as? Bool ?? false))
    }

    /// Whether something is at `dir/name` (a link to nothing counts: reading it says what it is).
    static func hasFile(_ dir: String, _ name: String) -> Bool {
        var st = stat()
        return lstat(dir + name, &st) == 0
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

    /// Reads the weights into memory the program owns (anonymous pages, freed with the model).
    ///
    /// Not a mapping of the file: a mapped file that is truncated or rewritten while the model
    /// is in use (a download finishing, `truncate`, a `cp` over it) kills the process with SIGBUS
    /// at the next read of a vanished page, which no check can prevent. Reading costs the same
    /// pages of memory (a mapping's touched pages are resident too), and the converted tensors'
    /// pages are still given back with `madvise`.
    static func readWeights(_ path: String, label: String = "model.safetensors", progress: LoadProgress? = nil)
        throws(ModelError) -> ModelBytes
    {
        let fd: Int32
        let size: Int
        switch RegularFile.open(path) {
        case .success(let opened): (fd, size) = opened
        case .failure(let problem): throw .file("\(label): \(problem)")
        }
        defer { close(fd) }
        guard size > 0 else { throw .file("\(label): the file is empty") }
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED
        else {
            throw .file("cannot allocate \(size) bytes for \(short(path)): \(String(cString: strerror(errno)))")
        }
        let address = UInt(bitPattern: p)
        // 2 MB pages where the kernel has them to give: a fault per 4 KB page was a quarter of
        // MiniLM's load (22,000 of them for 90 MB).
        _ = madvise(p, size, MADV_HUGEPAGE)
        if let problem = readFully(fd, into: p, count: size, progress: progress) {
            munmap(p, size)
            throw .file("\(short(path)): \(problem)")
        }
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

    /// Reads exactly `count` bytes; why not, when the file ends early (it shrank after it was
    /// opened) or a read fails.
    static func readFully(_ fd: Int32, into p: UnsafeMutableRawPointer, count: Int, progress: LoadProgress? = nil)
        -> String?
    {
        var done = 0
        while done < count {
            progress?(done, count)
            let n = read(fd, p + done, min(count - done, 1 << 26))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return "reading failed: \(String(cString: strerror(errno)))" }
            if n == 0 {
                return "the file changed while it was read: it ended at byte \(done) of the \(count) it had when opened"
            }
            done += n
        }
        progress?(done, count)
        return nil
    }
}

func short(_ s: String) -> String { shortened(s, limit: 120) }

/// Bytes read of a model's weights file so far, and its size (a loading bar's, or stderr's).
public typealias LoadProgress = @Sendable (_ read: Int, _ total: Int) -> Void

extension ModelError {
    /// A tokenizer error that names the file it came from.
    func naming(_ file: String) -> ModelError {
        if case .tokenizer(let s) = self, !s.hasPrefix(file) { return .tokenizer("\(file): \(s)") }
        return self
    }
}
