import AttentionCore
import Foundation

/// The element types a safetensors file may declare, with their sizes in bytes.
public enum TensorDType: String, Sendable, Equatable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    case u8 = "U8"
    case bool = "BOOL"

    public var byteSize: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// The types that convert to Float without loss of meaning.
    public var isFloatingPoint: Bool { self == .f32 || self == .f16 || self == .bf16 }
}

/// One tensor's entry in the header: type, shape and where its bytes are in the file.
public struct TensorEntry: Equatable, Sendable {
    public var name: String
    public var dtype: TensorDType
    public var shape: [Int]
    /// Byte range within the whole file (header included), already checked to be inside it.
    public var bytes: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
}

/// The index of a safetensors file: an 8-byte little-endian header length, a JSON header, data.
///
/// Parsing checks everything before a single weight is read: the header length fits the file,
/// the header is a JSON object, every entry has a known dtype, a shape of non-negative integers,
/// and offsets inside the data whose length is exactly dtype × shape, and no two tensors overlap.
/// Whatever the bytes, the outcome is an index or a `ModelError`, never a trap.
public struct SafeTensorsIndex: Equatable, Sendable {
    public var entries: [String: TensorEntry]
    /// Where the data section starts (8 + header length).
    public var dataStart: Int

    /// Headers beyond this are refused before they are parsed (real ones are tens of KB).
    public static let maxHeaderBytes = 100 << 20

    /// `fileSize`: the whole file's size when `file` is only its start (the length and the
    /// header), as `attnviz models` reads it.
    public static func parse(_ file: UnsafeRawBufferPointer, fileSize: Int? = nil) throws(ModelError)
        -> SafeTensorsIndex
    {
        func fail(_ s: String) -> ModelError { .safetensors(s) }
        let total = fileSize ?? file.count
        guard file.count >= 8 else {
            throw fail(
                "\(total) bytes is too short for a safetensors file (it starts with an 8-byte header length)")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(file[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(total - 8) else {
            throw fail(
                "the header claims \(headerLength) bytes but the file has only \(total - 8) after the length (truncated?)"
            )
        }
        guard headerLength <= UInt64(maxHeaderBytes) else {
            throw fail("a header of \(headerLength) bytes is implausibly large")
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= file.count else { throw fail("the header runs past what was read") }
        let dataSize = total - dataStart
        guard let base = file.baseAddress else { throw fail("empty file") }
        let header = Data(bytes: base + 8, count: Int(headerLength))
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw fail("the header is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw fail("the header is not a JSON object") }
        var entries: [String: TensorEntry] = [:]
        for (name, value) in object where name != "__metadata__" {
            guard let fields = value as? [String: Any] else { throw fail("entry '\(short(name))' is not an object") }
            guard let typeName = fields["dtype"] as? String else { throw fail("tensor '\(short(name))' has no dtype") }
            guard let dtype = TensorDType(rawValue: typeName) else {
                throw fail("tensor '\(short(name))' has unknown dtype '\(short(typeName))'")
            }
            guard let shapeValues = fields["shape"] as? [Any], shapeValues.count <= 8 else {
                throw fail("tensor '\(short(name))' has no valid shape")
            }
            var shape: [Int] = []
            var count = 1
            for v in shapeValues {
                guard let d = integer(v), d >= 0 else {
                    throw fail("tensor '\(short(name))' has a shape that is not a list of non-negative integers")
                }
                let (c, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("tensor '\(short(name))' has an impossibly large shape") }
                count = c
                shape.append(d)
            }
            guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
                let begin = integer(offsets[0]), let end = integer(offsets[1])
            else {
                throw fail("tensor '\(short(name))' has no valid data_offsets")
            }
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw fail(
                    "tensor '\(short(name))' lies at bytes \(begin)..<\(end) but the data section has \(dataSize) bytes (truncated?)"
                )
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, bytes == end - begin else {
                throw fail(
                    "tensor '\(short(name))' is \(dtype.rawValue) \(shape) = \(overflow ? "too many" : String(bytes)) bytes, but its offsets span \(end - begin)"
                )
            }
            entries[name] = TensorEntry(
                name: name, dtype: dtype, shape: shape, bytes: (dataStart + begin)..<(dataStart + end))
        }
        let sorted = entries.values.filter { !$0.bytes.isEmpty }.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.bytes.lowerBound < a.bytes.upperBound {
            throw fail("tensors '\(short(a.name))' and '\(short(b.name))' overlap")
        }
        return SafeTensorsIndex(entries: entries, dataStart: dataStart)
    }

    /// An exact integer from a JSON number (NSNumber on Linux), or nil.
    package static func integer(_ v: Any) -> Int? {
        if let i = v as? Int { return i }
        guard let d = v as? Double, d.isFinite, d == d.rounded(), abs(d) < 9e15 else { return nil }
        return Int(d)
    }
}

package func short(_ s: String) -> String { shortened(s) }
