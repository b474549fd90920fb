import AttentionCore

/// One metadata value of a GGUF file, typed as the file declares it.
public indirect enum GGUFValue: Equatable, Sendable, CustomStringConvertible {
    case uint(UInt64, bits: Int)
    case int(Int64, bits: Int)
    case float(Double, bits: Int)
    case bool(Bool)
    case string(String)
    case array([GGUFValue])

    /// The value as an integer, if it is one (of any width) that fits.
    public var integer: Int? {
        switch self {
        case .uint(let v, _): return v <= UInt64(Int.max) ? Int(v) : nil
        case .int(let v, _): return Int(exactly: v)
        default: return nil
        }
    }

    /// The value as a number (integers and floats).
    public var number: Double? {
        switch self {
        case .uint(let v, _): return Double(v)
        case .int(let v, _): return Double(v)
        case .float(let v, _): return v
        default: return nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// As a message quotes it: `15`, `'32'`, `[3 values]`, never the enum's spelling.
    public var description: String {
        switch self {
        case .uint(let v, _): return String(v)
        case .int(let v, _): return String(v)
        case .float(let v, _): return String(v)
        case .bool(let b): return String(b)
        case .string(let s): return "'\(shortened(s, limit: 40))'"
        case .array(let a): return "a list of \(a.count)"
        }
    }

    public var array: [GGUFValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
