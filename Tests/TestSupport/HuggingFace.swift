import Foundation

/// Hugging Face references made at test time by bench/reference_hf.py: tokenizers trained with
/// the `tokenizers` package, random-weight models built and run by `transformers` + CPU torch.
public enum HuggingFace {
    /// A folder holding a tokenizer.json of `kind` (bert, bert-cased, whitespace, roberta, gpt2,
    /// split, unigram, llama), trained once per process.
    public static func tokenizer(_ kind: String) throws -> String {
        if let hit = written.withLock({ $0["tok-" + kind] }) { return hit }
        let folder = NSTemporaryDirectory() + "attnviz-tok-\(kind)-\(getpid())-\(UUID().uuidString)"
        _ = try Python.run([script, "tokenizer", kind, folder])
        written.withLock { $0["tok-" + kind] = folder }
        return folder
    }

    /// What `tokenizers` makes of each text: ids, tokens and type ids.
    public static func encode(_ folder: String, _ texts: [String]) throws -> [(ids: [Int], types: [Int])] {
        let input = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let out = try Python.run([script, "encode", folder], stdin: input)
        let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] ?? []
        return rows.map { (($0["ids"] as? [Int]) ?? [], ($0["types"] as? [Int]) ?? []) }
    }

    static var script: String { RepoPaths.root() + "/bench/reference_hf.py" }
    private static let written = LockedPaths()
}
