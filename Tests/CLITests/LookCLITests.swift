import Foundation
import TestSupport
import Testing

/// Issue 29 B.1's dump field: `dump --look N` is the row of the inspected layer the model read
/// from token N − 1 when it chose token N, per head and averaged.
@Suite("dump --look")
struct LookCLITests {
    @Test("looked_at equals numpy's slice and mean of the dumped attentions; bad N is one line, exit 2")
    func lookedAt() throws {
        let dump = try Run([
            "dump", "--model", Decoders.smolLM2, "--input", "The capital of France is Paris", "--look", "6",
            "--layer", "19",
        ])
        #expect(dump.status == 0, "\(dump.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let look = try #require(doc["looked_at"] as? [String: Any])
        #expect(look["token"] as? String == "␣Paris" && look["from"] as? String == "␣is")
        #expect(look["position"] as? Int == 6 && look["layer"] as? Int == 19)
        let heads = try #require(look["heads"] as? [[Double]])
        let average = try #require(look["average"] as? [Double])
        let code = """
            import json, sys
            import numpy as np
            d = json.load(sys.stdin)
            rows = np.array(d["attentions"][18], dtype=np.float64)[:, 4, :5]
            print(json.dumps({"heads": rows.tolist(), "average": rows.mean(axis=0).tolist()}))
            """
        let out = try Python.run(["-c", code], stdin: dump.stdout)
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let refHeads = try #require(ref["heads"] as? [[Double]])
        let refAverage = try #require(ref["average"] as? [Double])
        #expect(heads.count == 9 && heads.allSatisfy { $0.count == 5 } && average.count == 5)
        let worst =
            zip(heads + [average], refHeads + [refAverage]).flatMap { zip($0, $1).map { abs($0 - $1) } }
            .max() ?? 1
        #expect(worst < 1e-6, "looked_at differs from numpy by \(worst)")
        for bad in ["1", "7"] {
            let r = try Run([
                "dump", "--model", Decoders.smolLM2, "--input", "The capital of France is Paris", "--look", bad,
            ])
            #expect(r.status == 2 && r.stderr.contains("--look \(bad)"), "\(r.stderr)")
        }
        let mean = try Run(["dump", "--model", Decoders.smolLM2, "--input", "The capital", "--ablate-mean"])
        #expect(mean.status == 2 && mean.stderr.contains("--ablate-mean needs --ablate"), "\(mean.stderr)")
        // render: a token past the last, or a decoder's first, is a flag error too.
        let frame = NSTemporaryDirectory() + "/attnviz-look-\(getpid()).bmp"
        let past = try Run(["render", "--out", frame, "--look", "50"])
        #expect(past.status == 2 && past.stderr.contains("--look 50: the input has 10 tokens"), "\(past.stderr)")
        let first = try Run(["render", "--out", frame, "--model", Decoders.smolLM2, "--input", "x y", "--look", "1"])
        #expect(first.status == 2 && first.stderr.contains("--look 1"), "\(first.stderr)")
        let toy = try Run(["dump", "--look", "2"])
        #expect(toy.status == 2 && toy.stderr.contains("needs a decoder"), "\(toy.stderr)")
    }
}
