import AttentionCore
import ModelFormats

/// What a GGUF file says of its tokenizer beyond the pieces: the family's pre-tokenizer, BOS
/// and EOS, and whether BOS starts every text.
public struct GGUFVocabulary: Sendable, Equatable {
    public let preTokenizer: PreTokenizer
    public let bos: Int?
    public let eos: Int?
    public let addBOS: Bool
}

extension TokenizerPipeline {
    /// The tokenizer a GGUF file carries (`tokenizer.ggml.model` gpt2: byte-level BPE) as the
    /// pipeline tokenizers builds for it: its family's pre-tokenizer then ByteLevel, BPE over
    /// its tokens and merges, control and user-defined tokens typed whole, BOS when
    /// `add_bos_token` says so.
    public static func gguf(_ file: GGUFFile) throws(ModelError) -> (TokenizerPipeline, GGUFVocabulary) {
        let m = file.metadata
        let model = m["tokenizer.ggml.model"]?.string ?? "(none)"
        guard model == "gpt2" else {
            throw .gguf(
                "tokenizer '\(shortened(model, limit: 20))' is not read (AttnViz reads byte-level BPE, tokenizer.ggml.model = gpt2)"
            )
        }
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
            addBOS: m["tokenizer.ggml.add_bos_token"]?.bool ?? false)
        var post = PostProcessor.none
        if info.addBOS, let bos = info.bos {
            let start = PostProcessor.Piece.special(ids: [bos], tokens: [tokens[bos]], type: 0)
            post = PostProcessor(
                single: [start, .sequence(0, type: 0)], pair: [start, .sequence(0, type: 0), .sequence(1, type: 0)])
        }
        let pipeline = try TokenizerPipeline(
            normalizer: nil, preTokenizer: .byteLevel(prefixSpace: false, family: pre),
            model: BPEModel(pieces: tokens, merges: merges, unknown: id("unknown_token_id")), post: post,
            added: specials, pieces: tokens, style: .byteLevel)
        return (pipeline, info)
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
