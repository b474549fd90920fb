/// The tensor element types of GGUF (ggml's type ids), with their block layout: `blockSize`
/// elements are stored in `blockBytes` bytes. Cases are named as the format's names without
/// the underscore (`q41` is Q4_1, `q6K` is Q6_K).
public enum GGMLType: UInt32, Sendable, Equatable, CaseIterable {
    case f32 = 0
    case f16 = 1
    case q40 = 2
    case q41 = 3
    case q50 = 6
    case q51 = 7
    case q80 = 8
    case q81 = 9
    case q2K = 10
    case q3K = 11
    case q4K = 12
    case q5K = 13
    case q6K = 14
    case q8K = 15
    case iq4NL = 20
    case iq4XS = 23
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case bf16 = 30

    /// The format's own name: "Q4_1", "Q6_K", "BF16".
    public var name: String {
        if self == .iq4NL { return "IQ4_NL" }
        if self == .iq4XS { return "IQ4_XS" }
        let s = String(describing: self).uppercased()
        guard s.hasPrefix("Q") else { return s }
        return s.hasSuffix("K") ? String(s.dropLast()) + "_K" : String(s.dropLast()) + "_" + String(s.last!)
    }

    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .i16, .i32, .i64: return 1
        case .q40, .q41, .q50, .q51, .q80, .q81, .iq4NL: return 32
        case .q2K, .q3K, .q4K, .q5K, .q6K, .q8K, .iq4XS: return 256
        }
    }

    public var blockBytes: Int {
        switch self {
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .f64, .i64: return 8
        case .i8: return 1
        case .q40: return 18
        case .q41: return 20
        case .q50: return 22
        case .q51: return 24
        case .q80: return 34
        case .q81: return 36
        case .q2K: return 84
        case .q3K: return 110
        case .q4K: return 144
        case .q5K: return 176
        case .q6K: return 210
        case .q8K: return 292
        case .iq4NL: return 18
        case .iq4XS: return 136
        }
    }

    /// The types whose values AttnViz can expand to Float exactly as the format defines them.
    public var isDequantizable: Bool {
        switch self {
        case .f32, .f16, .bf16, .q80, .q40, .q41, .q50, .q51, .q2K, .q3K, .q4K, .q5K, .q6K, .iq4NL, .iq4XS: return true
        default: return false
        }
    }
}
