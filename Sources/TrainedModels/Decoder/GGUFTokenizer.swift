import AttentionCore

extension BPETokenizer {
    /// The tokenizer a GGUF file carries: `tokenizer.ggml.model` gpt2 (byte-level BPE), its
    /// tokens, merges, token types and special ids; the pre-tokenizer family from `.pre`.
    public static func read(_ file: GGUFFile) throws(ModelError) -> BPETokenizer {
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
                "pre-tokenizer '\(shortened(preName, limit: 30))' is not read (AttnViz reads gpt2 and smollm)")
        }
        guard let tokenValues = m["tokenizer.ggml.tokens"]?.array else {
            throw .gguf("tokenizer.ggml.tokens is missing")
        }
        var tokens: [String] = []
        tokens.reserveCapacity(tokenValues.count)
        for v in tokenValues {
            guard let s = v.string else { throw .gguf("tokenizer.ggml.tokens holds something that is not a string") }
            tokens.append(s)
        }
        var merges: [String] = []
        for v in m["tokenizer.ggml.merges"]?.array ?? [] {
            guard let s = v.string else { throw .gguf("tokenizer.ggml.merges holds something that is not a string") }
            merges.append(s)
        }
        var specials: [Int] = []
        if let types = m["tokenizer.ggml.token_type"]?.array {
            guard types.count == tokens.count else {
                throw .gguf("tokenizer.ggml.token_type has \(types.count) entries for \(tokens.count) tokens")
            }
            // 3 = control, 4 = user-defined: typed whole, never split into bytes.
            for (i, t) in types.enumerated() where t.integer == 3 || t.integer == 4 { specials.append(i) }
        }
        func id(_ key: String) -> Int? {
            m["tokenizer.ggml." + key]?.integer.flatMap { (0..<tokens.count).contains($0) ? $0 : nil }
        }
        return try BPETokenizer(
            tokens: tokens, merges: merges, specialIDs: specials, preTokenizer: pre,
            bos: id("bos_token_id"), eos: id("eos_token_id"), unknown: id("unknown_token_id"),
            addBOS: m["tokenizer.ggml.add_bos_token"]?.bool ?? false)
    }
}
