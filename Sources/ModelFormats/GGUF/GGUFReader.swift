import AttentionCore

/// Little-endian reads from a GGUF file's bytes, each checked against what is left.
package struct GGUFReader {
    /// The whole file, or its first bytes when only the header is read.
    let file: UnsafeRawBufferPointer
    /// The size of the whole file.
    let fileSize: Int
    var offset = 0

    init(_ file: UnsafeRawBufferPointer, fileSize: Int? = nil) {
        self.file = file
        self.fileSize = fileSize ?? file.count
    }

    var remaining: Int { file.count - offset }

    mutating func bytes(_ n: Int) throws(ModelError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else {
            throw .gguf("the file ends at byte \(file.count), inside its header (truncated?)")
        }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: file[offset..<(offset + n)])
    }

    mutating func u64() throws(ModelError) -> UInt64 { try unsigned(8) }

    mutating func u32() throws(ModelError) -> UInt32 { UInt32(truncatingIfNeeded: try unsigned(4)) }

    mutating func unsigned(_ n: Int) throws(ModelError) -> UInt64 {
        let b = try bytes(n)
        var v: UInt64 = 0
        for i in 0..<n { v |= UInt64(b[i]) << (8 * UInt64(i)) }
        return v
    }

    /// A count that the rest of the file must be able to hold at `minimumBytesEach`.
    mutating func count(minimumBytesEach: Int, what: String) throws(ModelError) -> Int {
        let n = try u64()
        guard n <= UInt64(remaining / max(1, minimumBytesEach)) else {
            throw .gguf("it claims \(n) \(what), more than its \(file.count) bytes can hold")
        }
        return Int(n)
    }

    mutating func string() throws(ModelError) -> String {
        let n = try u64()
        guard n <= UInt64(remaining) else {
            throw .gguf("a string of \(n) bytes runs past the end of the file (truncated?)")
        }
        // Invalid UTF-8 is kept visible (as U+FFFD) rather than refused: a name is still a name.
        return String(decoding: try bytes(Int(n)), as: UTF8.self)
    }

    /// The fewest bytes a value of each metadata type takes (a string's or an array's length prefix).
    static let minimumBytes: [UInt32: Int] = [
        0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 8: 8, 9: 12, 10: 8, 11: 8, 12: 8,
    ]

    /// A metadata value of type `type`; arrays nest at most 4 deep.
    mutating func value(type: UInt32, depth: Int) throws(ModelError) -> GGUFValue {
        switch type {
        case 0: return .uint(try unsigned(1), bits: 8)
        case 1: return .int(Int64(Int8(truncatingIfNeeded: try unsigned(1))), bits: 8)
        case 2: return .uint(try unsigned(2), bits: 16)
        case 3: return .int(Int64(Int16(truncatingIfNeeded: try unsigned(2))), bits: 16)
        case 4: return .uint(try unsigned(4), bits: 32)
        case 5: return .int(Int64(Int32(truncatingIfNeeded: try unsigned(4))), bits: 32)
        case 6: return .float(Double(Float(bitPattern: UInt32(try unsigned(4)))), bits: 32)
        case 7:
            let b = try unsigned(1)
            guard b <= 1 else { throw .gguf("a bool holds \(b)") }
            return .bool(b == 1)
        case 8: return .string(try string())
        case 9:
            guard depth < 4 else { throw .gguf("arrays nest more than 4 deep") }
            let elementType = try u32()
            guard let each = GGUFReader.minimumBytes[elementType] else {
                throw .gguf("an array of unknown type \(elementType)")
            }
            let n = try count(minimumBytesEach: each, what: "array elements")
            var out: [GGUFValue] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(try value(type: elementType, depth: depth + 1)) }
            return .array(out)
        case 10: return .uint(try u64(), bits: 64)
        case 11: return .int(Int64(bitPattern: try u64()), bits: 64)
        case 12: return .float(Double(bitPattern: try u64()), bits: 64)
        default: throw .gguf("a metadata value of unknown type \(type)")
        }
    }

    /// A tensor's name, shape, type and offset, each checked.
    mutating func tensorInfo() throws(ModelError) -> (name: String, shape: [Int], type: GGMLType, offset: Int) {
        let name = try string()
        let dims = try u32()
        guard dims >= 1, dims <= 4 else {
            throw .gguf("tensor '\(shortened(name))' has \(dims) dimensions (1 to 4 are possible)")
        }
        var shape: [Int] = []
        var count = 1
        for _ in 0..<dims {
            let d = try u64()
            guard d <= UInt64(Int32.max) else { throw .gguf("tensor '\(shortened(name))' has a dimension of \(d)") }
            let (c, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, c <= 1 << 40 else { throw .gguf("tensor '\(shortened(name))' is impossibly large") }
            count = c
            shape.append(Int(d))
        }
        let raw = try u32()
        guard let type = GGMLType(rawValue: raw) else {
            throw .gguf("tensor '\(shortened(name))' has type \(raw), which AttnViz does not know")
        }
        let offset = try u64()
        guard offset <= UInt64(fileSize) else {
            throw .gguf("tensor '\(shortened(name))' starts at \(offset), past the end of the file (truncated?)")
        }
        return (name, shape, type, Int(offset))
    }
}
