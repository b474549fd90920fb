import AttentionCore

/// One tensor's entry in a GGUF file: name, shape (ggml order: the first dimension is the
/// contiguous one), type and where its bytes are in the file.
public struct GGUFTensorInfo: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    public var type: GGMLType
    /// Byte range within the whole file, checked to be inside it.
    public var bytes: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
}

/// The index of a GGUF file (llama.cpp's model format, versions 2 and 3): metadata and tensor
/// infos, parsed and checked before a single weight is read.
///
/// Every count, length, shape and offset is checked against the bytes that are there, so a
/// truncated or hostile file is a `ModelError.gguf` in one line, never a trap or an allocation
/// the file cannot back.
public struct GGUFFile: Equatable, Sendable {
    public var version: Int
    public var metadata: [String: GGUFValue]
    /// In file order.
    public var tensors: [GGUFTensorInfo]
    public var alignment: Int
    /// Where the tensor data starts (aligned).
    public var dataStart: Int

    public func tensor(_ name: String) -> GGUFTensorInfo? { tensors.first { $0.name == name } }

    /// `file` is the whole file, or (`fileSize` given) its first bytes: enough to hold the header and
    /// tensor infos, whose data ranges are then checked against `fileSize`. A prefix that ends inside
    /// the header throws as a truncated file would.
    public static func parse(_ file: UnsafeRawBufferPointer, fileSize: Int? = nil) throws(ModelError) -> GGUFFile {
        let fileSize = fileSize ?? file.count
        var r = GGUFReader(file, fileSize: fileSize)
        guard file.count >= 4, file[0] == 0x47, file[1] == 0x47, file[2] == 0x55, file[3] == 0x46 else {
            throw .gguf("not a GGUF file (it does not start with 'GGUF')")
        }
        r.offset = 4
        let version = try r.u32()
        guard version == 2 || version == 3 else {
            throw .gguf("version \(version) is not read (AttnViz reads GGUF versions 2 and 3)")
        }
        let tensorCount = try r.count(minimumBytesEach: 24, what: "tensors")
        let kvCount = try r.count(minimumBytesEach: 12, what: "metadata entries")
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<kvCount {
            let key = try r.string()
            let type = try r.u32()
            let value = try r.value(type: type, depth: 0)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw .gguf("metadata key '\(shortened(key))' appears twice")
            }
        }
        var alignment = 32
        if let a = metadata["general.alignment"] {
            guard let v = a.integer, v > 0, v <= 1 << 20, v & (v - 1) == 0 else {
                throw .gguf("general.alignment must be a power of two, got \(a)")
            }
            alignment = v
        }
        var infos: [(name: String, shape: [Int], type: GGMLType, offset: Int)] = []
        for _ in 0..<tensorCount { infos.append(try r.tensorInfo()) }
        // A vocabulary-only file (llama.cpp's ggml-vocab-*.gguf) has no tensors and no padding after its header.
        let dataStart = infos.isEmpty ? min(fileSize, r.offset) : (r.offset + alignment - 1) / alignment * alignment
        guard dataStart <= fileSize else { throw .gguf("the file ends before its tensor data (truncated?)") }
        let dataSize = fileSize - dataStart
        var tensors: [GGUFTensorInfo] = []
        var names = Set<String>()
        for t in infos {
            guard names.insert(t.name).inserted else { throw .gguf("tensor '\(shortened(t.name))' appears twice") }
            let count = t.shape.reduce(1, *)
            guard t.shape.first.map({ $0 % t.type.blockSize == 0 }) ?? true else {
                throw .gguf(
                    "tensor '\(shortened(t.name))' is \(t.type.name) with rows of \(t.shape[0]), not a multiple of its block of \(t.type.blockSize)"
                )
            }
            let size = count / t.type.blockSize * t.type.blockBytes
            guard t.offset % alignment == 0 else {
                throw .gguf("tensor '\(shortened(t.name))' starts at \(t.offset), not a multiple of \(alignment)")
            }
            guard t.offset <= dataSize, size <= dataSize - t.offset else {
                throw .gguf(
                    "tensor '\(shortened(t.name))' lies at bytes \(t.offset)..<\(t.offset + size) of a data section of \(dataSize) (truncated?)"
                )
            }
            tensors.append(
                GGUFTensorInfo(
                    name: t.name, shape: t.shape, type: t.type,
                    bytes: (dataStart + t.offset)..<(dataStart + t.offset + size)))
        }
        let sorted = tensors.filter { !$0.bytes.isEmpty }.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.bytes.lowerBound < a.bytes.upperBound {
            throw .gguf("tensors '\(shortened(a.name))' and '\(shortened(b.name))' overlap")
        }
        return GGUFFile(
            version: Int(version), metadata: metadata, tensors: tensors, alignment: alignment, dataStart: dataStart)
    }
}
