import Foundation

/// The decoders the tests run: SmolLM2-135M-Instruct (`make model-llm`, which `make test`
/// fetches) and small random llama files that bench/reference_llama.py writes at test time.
public enum Decoders {
    public static var smolLM2: String { RepoPaths.root() + "/models/SmolLM2-135M-Instruct.Q4_1.gguf" }
    /// Gemma 3 270M, Q4_K_M (`make model-gemma`, which `make test` fetches).
    public static var gemma3: String { RepoPaths.root() + "/models/gemma-3-270m-q4_k_m.gguf" }

    /// The tiny file with `options` (arch=, pre=, drop=, tied=), written once per process.
    public static func tiny(_ options: [String] = []) throws -> String {
        let key = options.joined(separator: ",")
        if let hit = written.withLock({ $0[key] }) { return hit }
        let path = NSTemporaryDirectory() + "attnviz-tiny-\(getpid())-\(UUID().uuidString).gguf"
        _ = try Python.run([RepoPaths.root() + "/bench/reference_llama.py", "tiny", path] + options)
        written.withLock { $0[key] = path }
        return path
    }

    private static let written = LockedPaths()

    /// The reference tokenizer's ids of each text: `tokenizers`' byte-level BPE ("tokenize") or
    /// transformers' reading of the file's vocabulary, BOS included ("tokenize-transformers").
    public static func referenceIDs(_ path: String, _ texts: [String], by: String = "tokenize") throws -> [[Int]] {
        let input = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let out = try Python.run([RepoPaths.root() + "/bench/reference_llama.py", by, path], stdin: input)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[Int]] ?? []
    }

    /// The numpy forward of `ids`: attentions [layer][head][q][k], top 10 as (id, logit,
    /// probability), and `steps` greedy tokens.
    /// `by`: "forward" (the numpy reference) or "transformers" (transformers + torch loading the
    /// GGUF itself, a second opinion).
    /// `ablate`: (layer, head) pairs, 0-based, whose outputs transformers zeroes (by: "transformers").
    public static func referenceForward(
        _ path: String, ids: [Int], steps: Int, by: String = "forward", ablate: [(Int, Int)] = [], mean: Bool = false
    ) throws -> (
        attentions: [[[[Double]]]], top: [(Int, Double, Double)], greedy: [Int]
    ) {
        let pairs = ablate.map { "[\($0.0), \($0.1)]" }.joined(separator: ",")
        let mode = mean ? ", \"ablate_mode\": \"mean\"" : ""
        let input = "{\"ids\": [\(ids.map(String.init).joined(separator: ","))], \"ablate\": [\(pairs)]\(mode)}"
        let out = try Python.run(
            [RepoPaths.root() + "/bench/reference_llama.py", by, path, String(steps)], stdin: input)
        guard let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
            let atts = json["attentions"] as? [[[[Double]]]], let top = json["top"] as? [[Double]],
            let greedy = json["greedy"] as? [Int]
        else { throw Python.Failure(description: "reference_llama.py \(by) printed something unexpected") }
        return (atts, top.map { (Int($0[0]), $0[1], $0[2]) }, greedy)
    }
}

/// Paths written so far, behind a lock (tests run in parallel).
final class LockedPaths: @unchecked Sendable {
    private var paths: [String: String] = [:]
    private let lock = NSLock()

    func withLock<T>(_ body: (inout [String: String]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&paths)
    }
}
