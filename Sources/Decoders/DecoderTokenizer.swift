import Encoders
import ModelFormats
import Tokenizers

/// A decoder's tokenizer: the pipeline its GGUF file or its folder's tokenizer.json defines,
/// with what writing needs beside it: which tokens end the text, and the GGUF's own word on
/// its family and BOS.
public struct DecoderTokenizer: Sendable {
    public let pipeline: TokenizerPipeline
    /// The ids that end a text (the file's EOS, config.json's eos_token_id).
    let endIDs: Set<Int>
    /// The GGUF file's tokenizer metadata, when the tokenizer came from one.
    public let gguf: GGUFVocabulary?

    public init(pipeline: TokenizerPipeline, endIDs: Set<Int>, gguf: GGUFVocabulary? = nil) {
        self.pipeline = pipeline
        self.endIDs = endIDs
        self.gguf = gguf
    }

    /// The ids of a prompt, BOS first when the tokenizer adds one.
    public func encode(_ text: String) -> [Int] { pipeline.singleIDs(text) }

    /// The bytes `id` stands for; an id the tokenizer has no piece for (a padded embedding
    /// table's extra rows, a hole in the vocabulary) is written as `<id 50301>`, never as nothing.
    public func bytes(_ id: Int) -> [UInt8] {
        let b = pipeline.bytes(id)
        return b.isEmpty ? Array(Self.unnamed(id).utf8) : b
    }

    public func readable(_ id: Int) -> String {
        let r = pipeline.readable(id)
        return r.isEmpty || !(0..<pipeline.count).contains(id) ? Self.unnamed(id) : r
    }

    /// How a token without a piece is written.
    static func unnamed(_ id: Int) -> String { "<id \(id)>" }

    /// Whether the model ends its text with this token: an end id, or a control token that closes
    /// a turn or a text (<|endoftext|>, <|im_end|>, <|eot_id|>, </s>).
    public func endsText(_ id: Int) -> Bool {
        if endIDs.contains(id) { return true }
        guard pipeline.isAdded(id) else { return false }
        return Self.endOfTextTokens.contains(pipeline.pieces[id])
    }

    /// Control tokens that close a turn or a text, by the families' names.
    static let endOfTextTokens: Set<String> = ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "</s>", "<|end_of_text|>"]

    /// The text of some ids; bytes that do not form whole characters become U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        String(decoding: ids.flatMap(bytes), as: UTF8.self)
    }

    public var count: Int { pipeline.count }
}
