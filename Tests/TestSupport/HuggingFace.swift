import AttentionCore
import Foundation

/// Hugging Face references made at test time by bench/reference_hf.py and reference_hf_models.py
/// (which uses the first; the first never imports the second): tokenizers trained with
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

    /// Each pattern's matches in each text by tokenizers' own regex engine: [pattern][text][match]
    /// as [start, end] in Unicode scalars.
    public static func findAll(_ patterns: [String], _ texts: [String]) throws -> [[[[Int]]]] {
        let job: [String: Any] = ["patterns": patterns, "texts": texts]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: job), as: UTF8.self)
        let out = try Python.run([script, "findall"], stdin: input)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[[[Int]]]] ?? []
    }

    /// One text through a random-weight transformers model.
    public struct Run: Sendable {
        public var ids: [Int]
        /// [layer][head][query][key]
        public var attentions: [[[[Double]]]]
        /// The last layer's hidden state, [token][feature].
        public var hidden: [[Double]]
        /// A decoder's logits after the last token, and its first greedy tokens.
        public var logits: [Double] = []
        public var greedy: [Int] = []
    }

    /// A random-weight model of `arch` (bert, roberta, xlm-roberta, electra, distilbert, mpnet)
    /// saved to a new folder with its tokenizer, and what transformers computes for each text.
    public static func model(_ arch: String, _ texts: [String]) throws -> (folder: String, runs: [Run]) {
        let folder = NSTemporaryDirectory() + "attnviz-hf-\(arch)-\(getpid())-\(UUID().uuidString)"
        let input = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let out = try Python.run([RepoPaths.root() + "/bench/reference_hf_models.py", arch, folder], stdin: input)
        let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] ?? []
        let runs = rows.map {
            Run(
                ids: ($0["ids"] as? [Int]) ?? [], attentions: ($0["attentions"] as? [[[[Double]]]]) ?? [],
                hidden: ($0["hidden"] as? [[Double]]) ?? [], logits: ($0["logits"] as? [Double]) ?? [],
                greedy: ($0["greedy"] as? [Int]) ?? [])
        }
        return (folder, runs)
    }

    /// `folder` as llama.cpp's own converter (models/llama-convert, from `make llama-vocab`) writes
    /// it to a GGUF file, in F32.
    public static func converted(_ folder: String) throws -> String {
        let out = folder + ".gguf"
        _ = try Python.run([
            RepoPaths.root() + "/bench/convert_tiny.py", RepoPaths.root() + "/models/llama-convert", folder, out,
        ])
        return out
    }

    /// The largest |ours − transformers'| over every layer, head, query and key; `ours(l, h)` is
    /// the model's map of layer l, head h.
    public static func worstAttention(_ reference: [[[[Double]]]], _ ours: (Int, Int) -> Matrix) -> Double {
        var worst = 0.0
        for (l, layer) in reference.enumerated() {
            for (h, head) in layer.enumerated() {
                let m = ours(l, h)
                for (q, row) in head.enumerated() {
                    for (k, w) in row.enumerated() { worst = max(worst, abs(Double(m[q, k]) - w)) }
                }
            }
        }
        return worst
    }

    static var script: String { RepoPaths.root() + "/bench/reference_hf.py" }
    private static let written = LockedPaths()
}
