import AttentionCore
import Foundation
import ModelFormats

extension DecoderConfig {
    /// Llama 3.1's and 3.2's RoPE scaling in a config.json ("rope_type": "llama3", in
    /// rope_parameters or the older rope_scaling); nil for the default RoPE. Any other kind of
    /// scaling is refused by name.
    static func llama3Scaling(_ o: [String: Any], _ rope: [String: Any]?) throws(ModelError) -> [String: Any]? {
        if let old = o["rope_scaling"], !(old is NSNull) {
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
    static func llama3Factors(_ s: [String: Any], headSize: Int, base: Double) throws(ModelError) -> [Float] {
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
        return (0..<(headSize / 2)).map { i in
            let inv = 1 / pow(base, Double(2 * i) / Double(headSize))
            let wavelength = 2 * Double.pi / inv
            if wavelength < original / high { return 1 }
            if wavelength > original / low { return Float(factor) }
            let smooth = (original / wavelength - low) / (high - low)
            let scaled = (1 - smooth) * inv / factor + smooth * inv
            return Float(inv / scaled)
        }
    }
}
