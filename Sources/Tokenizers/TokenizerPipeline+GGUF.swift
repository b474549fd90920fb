import AttentionCore
import ModelFormats

/// What a GGUF file says of its tokenizer beyond the pieces: the family's pre-tokenizer (none
/// for SentencePiece), BOS and EOS, and whether BOS starts every text.
public struct GGUFVocabulary: Sendable, Equatable {
    public let preTokenizer: PreTokenizer?
    public let bos: Int?
    public let eos: Int?
    public let addBOS: Bool
}

extension TokenizerPipeline {
    /// The tokenizer a GGUF file carries, as llama.cpp runs it: byte-level BPE (`gpt2`) or
    /// SentencePiece (`llama`); control and user-defined tokens typed whole, BOS when
    /// `add_bos_token` says so.
    public static func gguf(_ file: GGUFFile) throws(ModelError) -> (TokenizerPipeline, GGUFVocabulary) {
        let m = file.metadata
        let model = m["tokenizer.ggml.model"]?.string ?? "(none)"
        switch model {
        case "gpt2": return try byteLevelBPE(m)
        case "llama": return try sentencePiece(m)
        default:
            throw .gguf(
                "tokenizer '\(shortened(model, limit: 20))' is not read (AttnViz reads byte-level BPE, "
                    + "tokenizer.ggml.model = gpt2, and SentencePiece, llama)")
        }
    }

    /// Byte-level BPE (`gpt2`): the family's pre-tokenizer, ByteLevel, BPE over the merges.
    static func byteLevelBPE(_ m: [String: GGUFValue]) throws(ModelError) -> (TokenizerPipeline, GGUFVocabulary) {
        let preName = m["tokenizer.ggml.pre"]?.string ?? "default"
        guard let pre = PreTokenizer.named(preName) else {
            throw .gguf(
                "pre-tokenizer '\(shortened(preName, limit: 30))' is not read (AttnViz reads \(PreTokenizer.readNames))"
            )
        }
        let tokens = try strings(m["tokenizer.ggml.tokens"], "tokenizer.ggml.tokens", required: true)
        let merges = try strings(m["tokenizer.ggml.merges"], "tokenizer.ggml.merges", required: false)
        for (r, merge) in merges.enumerated() {
            let parts = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .gguf("tokenizer merge \(r) is '\(shortened(merge))', not two symbols separated by one space")
            }
        }
        let (specials, info) = try parts(m, tokens, pre: pre, addBOS: false)
        let pipeline = try TokenizerPipeline(
            normalizer: nil, preTokenizer: .byteLevel(prefixSpace: false, family: pre),
            model: BPEModel(pieces: tokens, merges: merges, unknown: info.unknown, ignoreMerges: pre == .llama3),
            post: post(info.vocabulary, tokens),
            added: specials, pieces: tokens, style: .byteLevel)
        return (pipeline, info.vocabulary)
    }

    /// SentencePiece (`llama`): spaces as ▁, one more in front of each stretch of text unless
    /// `add_space_prefix` is false (Gemma), merges by score, bytes as `<0xNN>` pieces; BOS unless
    /// the file says otherwise, as llama.cpp defaults.
    static func sentencePiece(_ m: [String: GGUFValue]) throws(ModelError) -> (TokenizerPipeline, GGUFVocabulary) {
        let tokens = try strings(m["tokenizer.ggml.tokens"], "tokenizer.ggml.tokens", required: true)
        var scores: [Float] = []
        if let values = m["tokenizer.ggml.scores"]?.array {
            guard values.count == tokens.count else {
                throw .gguf("tokenizer.ggml.scores has \(values.count) entries for \(tokens.count) tokens")
            }
            scores = values.map { Float($0.number ?? .nan) }
        }
        let (specials, info) = try parts(m, tokens, pre: nil, addBOS: true)
        let space = "\u{2581}"
        let escape = Normalizer.replace(.literal(" "), with: space)
        let prefix = m["tokenizer.ggml.add_space_prefix"]?.bool ?? true
        let pipeline = try TokenizerPipeline(
            normalizer: prefix ? .sequence([.prepend(space), escape]) : escape, preTokenizer: nil,
            model: SentencePieceModel(pieces: tokens, scores: scores, unknown: info.unknown),
            post: post(info.vocabulary, tokens),
            added: specials, pieces: tokens, style: .metaspace(space))
        return (pipeline, info.vocabulary)
    }

    /// Control and user-defined tokens (typed whole), BOS, EOS and the unknown token.
    private static func parts(_ m: [String: GGUFValue], _ tokens: [String], pre: PreTokenizer?, addBOS: Bool)
        throws(ModelError) -> ([SpecialTokens.Token], (vocabulary: GGUFVocabulary, unknown: Int?))
    {
        var specials: [SpecialTokens.Token] = []
        if let types = m["tokenizer.ggml.token_type"]?.array {
            guard types.count == tokens.count else {
                throw .gguf("tokenizer.ggml.token_type has \(types.count) entries for \(tokens.count) tokens")
            }
            // 3 = control, 4 = user-defined: typed whole, never split into bytes.
            for (i, t) in types.enumerated() where (t.integer == 3 || t.integer == 4) && !tokens[i].isEmpty {
                specials.append(SpecialTokens.Token(text: tokens[i], id: i))
            }
        }
        // An id outside the vocabulary is as good as none.
        func id(_ key: String) -> Int? {
            m["tokenizer.ggml." + key]?.integer.flatMap { (0..<tokens.count).contains($0) ? $0 : nil }
        }
        let info = GGUFVocabulary(
            preTokenizer: pre, bos: id("bos_token_id"), eos: id("eos_token_id"),
            addBOS: m["tokenizer.ggml.add_bos_token"]?.bool ?? addBOS)
        return (specials, (info, id("unknown_token_id")))
    }

    /// BOS in front when the vocabulary adds it.
    private static func post(_ info: GGUFVocabulary, _ tokens: [String]) -> PostProcessor {
        guard info.addBOS, let bos = info.bos else { return .none }
        let start = PostProcessor.Piece.special(ids: [bos], tokens: [tokens[bos]], type: 0)
        return PostProcessor(
            single: [start, .sequence(0, type: 0)], pair: [start, .sequence(0, type: 0), .sequence(1, type: 0)])
    }

    private static func strings(_ v: GGUFValue?, _ key: String, required: Bool) throws(ModelError) -> [String] {
        guard let values = v?.array else {
            if required { throw .gguf("\(key) is missing") }
            return []
        }
        var out: [String] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let s = v.string else { throw .gguf("\(key) holds something that is not a string") }
            out.append(s)
        }
        return out
    }
}
