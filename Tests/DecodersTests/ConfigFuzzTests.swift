import Foundation
import TestSupport
import Testing

@testable import Decoders

/// config.json's decoder keys, fuzzed the day they are read: every family's config with keys
/// removed, retyped or set to extremes ends in a config or a one-line refusal, never a trap.
@Suite("Decoder config.json fuzz")
struct ConfigFuzzTests {
    static var bases: [[String: Any]] {
        [
            [
                "model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "num_key_value_heads": 1,
                "head_dim": 256, "num_hidden_layers": 6, "intermediate_size": 2048, "vocab_size": 1000,
                "query_pre_attn_scalar": 256, "sliding_window": 512,
                "layer_types": ["sliding_attention", "sliding_attention", "full_attention"]
                    + Array(
                        repeating: "sliding_attention", count: 3),
                "rope_parameters": [
                    "full_attention": ["rope_type": "default", "rope_theta": 1_000_000.0],
                    "sliding_attention": ["rope_type": "default", "rope_theta": 10_000.0],
                ],
            ],
            [
                "model_type": "gemma2", "hidden_size": 48, "num_attention_heads": 4, "head_dim": 16,
                "num_hidden_layers": 4, "intermediate_size": 80, "vocab_size": 400, "attn_logit_softcapping": 50.0,
                "final_logit_softcapping": 30.0, "sliding_window": 4096, "query_pre_attn_scalar": 16,
            ],
            [
                "model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2,
                "intermediate_size": 96, "vocab_size": 400,
                "rope_parameters": [
                    "rope_type": "llama3", "rope_theta": 500_000.0, "factor": 8.0, "low_freq_factor": 1.0,
                    "high_freq_factor": 4.0, "original_max_position_embeddings": 8192,
                ],
            ],
            [
                "model_type": "phi3", "hidden_size": 48, "num_attention_heads": 4, "num_hidden_layers": 3,
                "intermediate_size": 80, "vocab_size": 400, "sliding_window": 2047,
            ],
            [
                "model_type": "qwen3", "hidden_size": 48, "num_attention_heads": 4, "num_key_value_heads": 2,
                "head_dim": 20, "num_hidden_layers": 3, "intermediate_size": 80, "vocab_size": 400,
            ],
            // Phi-3 128k's LongRoPE in the older rope_scaling form; Qwen 2's sliding window.
            [
                "model_type": "phi3", "hidden_size": 48, "num_attention_heads": 4, "num_hidden_layers": 3,
                "intermediate_size": 80, "vocab_size": 400, "max_position_embeddings": 131_072,
                "original_max_position_embeddings": 4096,
                "rope_scaling": [
                    "type": "longrope", "short_factor": [1.0, 1.1, 1.2, 1.3, 1.4, 1.5],
                    "long_factor": [1.0, 2, 4, 8, 16, 32],
                ],
            ],
            [
                "model_type": "phi3", "hidden_size": 96, "num_attention_heads": 4, "num_hidden_layers": 2,
                "intermediate_size": 80, "vocab_size": 400, "partial_rotary_factor": 0.75,
            ],
            [
                "model_type": "qwen2", "hidden_size": 48, "num_attention_heads": 4, "num_key_value_heads": 2,
                "num_hidden_layers": 3, "intermediate_size": 80, "vocab_size": 400, "use_sliding_window": true,
                "sliding_window": 4, "max_window_layers": 1,
            ],
        ]
    }

    static var values: [Any] {
        [
            NSNull(), 0, -1, 1, 2, 3, 7, 1 << 40, Int64.min, 0.5, -0.0, 1e308, Double.leastNonzeroMagnitude, "x", "",
            true,
            ["a"], [1, 2], [String](), ["k": 1], ["rope_type": "yarn", "factor": 4], ["rope_type": "llama3"],
            Array(repeating: "full_attention", count: 7), Array(repeating: "sliding_attention", count: 600),
            ["type": "su", "short_factor": [1, 2, 3, 4, 5, 6], "long_factor": [0, -1, 1e308, 4, 5, 6]],
            ["rope_type": "longrope", "short_factor": ["x"], "long_factor": [Double](), "attention_factor": -2.0],
            [1.0, 1.5, 2.0, 2.5, 3.0, 3.5], ["sliding_attention", "full_attention", "sliding_attention"], 0.75, 0.3,
            1.0 / 3,
        ]
    }

    @Test("8 configs × keys removed, retyped and pushed to extremes: a config or a refusal, never a trap")
    func fuzz() throws {
        var g = SeededGenerator(seed: 0x5EED_C0F1)
        var outcomes = (opened: 0, refused: 0)
        let runs = max(2000, (Int(ProcessInfo.processInfo.environment["FUZZ_RUNS"] ?? "") ?? 0))
        for _ in 0..<runs {
            var o = Self.bases[Int.random(in: 0..<Self.bases.count, using: &g)]
            let keys =
                Array(o.keys).sorted() + [
                    "rope_scaling", "head_dim", "layer_types", "partial_rotary_factor", "use_sliding_window",
                    "max_window_layers", "original_max_position_embeddings", "rope_parameters",
                ]
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                let key = keys[Int.random(in: 0..<keys.count, using: &g)]
                if key == "model_type" { continue }
                if Bool.random(using: &g) {
                    o[key] = Self.values[Int.random(in: 0..<Self.values.count, using: &g)]
                } else {
                    o.removeValue(forKey: key)
                }
            }
            let data = try JSONSerialization.data(withJSONObject: o)
            switch DecoderConfig.huggingFace(data) {
            case .success(let parsed):
                let c = parsed.config
                #expect(c.headSize > 0 && c.headSize % 2 == 0 && c.heads % c.kvHeads == 0)
                #expect(c.queryScale.isFinite && c.queryScale > 0)
                #expect((c.ropeFactors ?? []).allSatisfy { $0.isFinite && $0 > 0 })
                #expect(c.slidingWindow == nil || c.slidingLayers.count == c.layers)
                #expect(c.ropeScale.isFinite && c.ropeScale > 0 && c.contextLength >= 1)
                #expect(c.ropeDims >= 2 && c.ropeDims <= c.headSize && c.ropeDims % 2 == 0)
                #expect(c.ropeFactors == nil || c.ropeFactors?.count == c.ropeDims / 2)
                outcomes.opened += 1
            case .failure(let e):
                #expect(!e.description.contains("\n"))
                outcomes.refused += 1
            case nil: Issue.record("model_type was kept, yet the config was not a decoder's")
            }
        }
        print("config fuzz: \(runs) cases, \(outcomes.opened) opened, \(outcomes.refused) refused")
        #expect(outcomes.opened > 0 && outcomes.refused > 0)
    }
}
