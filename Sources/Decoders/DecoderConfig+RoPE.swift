import AttentionCore
import Foundation
import ModelFormats

extension DecoderConfig {
    /// Llama 3.1's and 3.2's RoPE scaling in a config.json ("rope_type": "llama3", in
    /// rope_parameters or the older rope_scaling); nil for the default RoPE. Any other kind of
    /// scaling is refused by name.
    static func llama3Scaling(_ o: [String: Any], _ rope: [String: Any]?) throws(ModelError) -> [String: Any]? {
        if let old = o["rope_scaling"], !(old is NSNull), longRoPEParameters(o, rope) == nil {
            guard let dict = old as? [String: Any] else { throw .config("rope_scaling is not an object") }
            let kind = (dict["rope_type"] ?? dict["type"]) as? String ?? "?"
            guard kind == "llama3" else {
                throw .config("rope_scaling '\(shortened(kind, limit: 20))' is not read (llama3's is)")
            }
            return dict
        }
        return rope?["rope_type"] as? String == "llama3" ? rope : nil
    }

    /// The divisor of each pair's frequency under Llama 3's scaling, as transformers computes
    /// it: long wavelengths (beyond original / low_freq_factor) turn `factor` times slower,
    /// short ones (under original / high_freq_factor) keep their speed, and those between blend.
    static func llama3Factors(_ s: [String: Any], dims: Int, base: Double) throws(ModelError) -> [Float] {
        func number(_ key: String) throws(ModelError) -> Double {
            guard let v = (s[key] as? NSNumber)?.doubleValue, v.isFinite, v > 0 else {
                throw .config("llama3 RoPE scaling needs a positive \(key)")
            }
            return v
        }
        let factor = try number("factor")
        let low = try number("low_freq_factor")
        let high = try number("high_freq_factor")
        let original = try number("original_max_position_embeddings")
        guard high > low else { throw .config("llama3 RoPE scaling needs high_freq_factor above low_freq_factor") }
        return (0..<(dims / 2)).map { i in
            let inv = 1 / pow(base, Double(2 * i) / Double(dims))
            let wavelength = 2 * Double.pi / inv
            if wavelength < original / high { return 1 }
            if wavelength > original / low { return Float(factor) }
            let smooth = (original / wavelength - low) / (high - low)
            let scaled = (1 - smooth) * inv / factor + smooth * inv
            return Float(inv / scaled)
        }
    }
}

/// LongRoPE (Phi-3 128k, Phi-3.5): per-pair divisors for sequences up to the original context
/// (`short`), an attention factor on cos and sin (`scale`), and that original context. Past it
/// transformers turns every position by the long factors instead, the earlier ones too, which
/// a key/value cache cannot follow: the context stops there.
struct LongRoPE: Equatable {
    var short: [Float]
    var scale: Float
    var original: Int
}

extension DecoderConfig {
    /// The LongRoPE dictionary of a config.json: rope_parameters with rope_type "longrope"
    /// (transformers 5), or the older rope_scaling with type "longrope" or "su".
    static func longRoPEParameters(_ o: [String: Any], _ rope: [String: Any]?) -> [String: Any]? {
        if let rope, rope["rope_type"] as? String == "longrope" { return rope }
        guard let old = o["rope_scaling"] as? [String: Any] else { return nil }
        let kind = (old["rope_type"] ?? old["type"]) as? String
        return kind == "longrope" || kind == "su" ? old : nil
    }

    /// LongRoPE as transformers computes it: the short factors, and the attention factor given
    /// or √(1 + ln s / ln original) for s = max_position_embeddings / original (1 when s ≤ 1).
    static func longRoPE(_ o: [String: Any], _ rope: [String: Any]?, dims: Int, positions: Int)
        throws(ModelError) -> LongRoPE?
    {
        guard let d = longRoPEParameters(o, rope) else { return nil }
        func factors(_ key: String) throws(ModelError) -> [Float] {
            let list = d[key] as? [Any] ?? []
            let values = list.compactMap { ($0 as? NSNumber)?.doubleValue }
            guard values.count == list.count, values.count == dims / 2, values.allSatisfy({ $0.isFinite && $0 > 0 })
            else { throw .config("LongRoPE's \(key) must hold \(dims / 2) positive numbers, one per pair") }
            return values.map { Float($0) }
        }
        let short = try factors("short_factor")
        _ = try factors("long_factor")
        let given = (d["original_max_position_embeddings"] ?? o["original_max_position_embeddings"]) as? NSNumber
        let value = given?.doubleValue ?? .nan
        // Checked as a double first: a range 2...positions would trap when positions < 2.
        guard value.isFinite, value == value.rounded(), value >= 2, value <= Double(positions) else {
            throw .config("LongRoPE needs original_max_position_embeddings from 2 to max_position_embeddings")
        }
        let original = Int(value)
        let factor = (d["factor"] as? NSNumber)?.doubleValue ?? Double(positions) / Double(original)
        let attention = (d["attention_factor"] as? NSNumber)?.doubleValue
        let scale =
            attention
            ?? (factor <= 1 ? 1 : (1 + Foundation.log(factor) / Foundation.log(Double(original))).squareRoot())
        guard factor.isFinite, factor > 0, scale.isFinite, scale > 0 else {
            throw .config("LongRoPE's factor and attention_factor must be positive numbers")
        }
        return LongRoPE(short: short, scale: Float(scale), original: original)
    }
}
