/// A decoder's tokenizer: the byte-level BPE a GGUF file carries, or a folder's tokenizer.json.
/// What writing needs from either: ids of a prompt, the bytes a token stands for, how it reads
/// on screen, and which tokens end the text.
public enum DecoderTokenizer: Sendable {
    case gguf(BPETokenizer)
    /// tokenizer.json with the end-of-text ids config.json names.
    case pipeline(TokenizerPipeline, endIDs: Set<Int>)

    public func encode(_ text: String) -> [Int] {
        switch self {
        case .gguf(let t): return t.encode(text)
        case .pipeline(let t, _): return t.singleIDs(text)
        }
    }

    /// The bytes `id` stands for; an id the tokenizer has no piece for (a padded embedding
    /// table's extra rows, a hole in the vocabulary) is written as `<id 50301>`, never as nothing.
    public func bytes(_ id: Int) -> [UInt8] {
        let b: [UInt8]
        switch self {
        case .gguf(let t): b = t.bytes(id)
        case .pipeline(let t, _): b = t.bytes(id)
        }
        return b.isEmpty ? Array(Self.unnamed(id).utf8) : b
    }

    public func readable(_ id: Int) -> String {
        let r: String
        switch self {
        case .gguf(let t): r = t.readable(id)
        case .pipeline(let t, _): r = t.readable(id)
        }
        return r.isEmpty || r == "⟨\(id)⟩" ? Self.unnamed(id) : r
    }

    /// How a token without a piece is written.
    static func unnamed(_ id: Int) -> String { "<id \(id)>" }

    public func endsText(_ id: Int) -> Bool {
        switch self {
        case .gguf(let t): return t.endsText(id)
        case .pipeline(let t, let ends):
            guard !ends.contains(id) else { return true }
            guard t.isAdded(id) else { return false }
            return BPETokenizer.endOfTextTokens.contains(t.pieces[id])
        }
    }

    public func decode(_ ids: [Int]) -> String {
        String(decoding: ids.flatMap(bytes), as: UTF8.self)
    }

    /// The GGUF file's own tokenizer, when it is one.
    public var gguf: BPETokenizer? {
        if case .gguf(let t) = self { return t }
        return nil
    }

    public var count: Int {
        switch self {
        case .gguf(let t): return t.count
        case .pipeline(let t, _): return t.count
        }
    }
}
