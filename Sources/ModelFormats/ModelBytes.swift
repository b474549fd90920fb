/// Bytes of a weights file that the loader read (or a test built), kept alive with the model.
///
/// TrainedModels opens no files: the loader reads `model.safetensors` into memory and hands it over
/// with a closure that unmaps it once the last reader is gone.
public final class ModelBytes: @unchecked Sendable {
    public let buffer: UnsafeRawBufferPointer
    private let release: @Sendable () -> Void
    private let discardRange: (@Sendable (Range<Int>) -> Void)?

    /// `discard`, when given, tells the system a byte range will not be read again (a mapped
    /// file's pages then leave resident memory; the tensors they held were converted already).
    public init(
        buffer: UnsafeRawBufferPointer, release: @escaping @Sendable () -> Void,
        discard: (@Sendable (Range<Int>) -> Void)? = nil
    ) {
        self.buffer = buffer
        self.release = release
        self.discardRange = discard
    }

    /// Bytes that were converted and will not be read again.
    public func discard(_ range: Range<Int>) {
        discardRange?(range)
    }

    /// A private copy of `bytes` (tests, small files).
    public convenience init(copying bytes: [UInt8]) {
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 64)
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress, let d = p.baseAddress { d.copyMemory(from: s, byteCount: bytes.count) }
        }
        let box = SendableRawPointer(p)
        self.init(buffer: UnsafeRawBufferPointer(start: p.baseAddress, count: bytes.count)) { box.p.deallocate() }
    }

    deinit { release() }
}

package struct SendableRawPointer: @unchecked Sendable {
    let p: UnsafeMutableRawBufferPointer
    init(_ p: UnsafeMutableRawBufferPointer) { self.p = p }
}
