/// One metadata value of a GGUF file, typed as the file declares it.
public indirect enum GGUFValue: Equatable, Sendable {
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

    public var array: [GGUFValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
