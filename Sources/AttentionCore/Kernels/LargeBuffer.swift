#if canImport(Glibc)
    import Glibc
#endif

/// Float arrays for the big intermediates (n × n scores and weights per head).
///
/// Fresh multi-megabyte buffers cost one page fault per 4 KiB on first touch, which at n = 2048
/// outweighed the arithmetic. Asking the kernel for transparent huge pages on the buffer (what
/// numpy does for its large arrays) makes that one fault per 2 MiB.
package enum LargeBuffer {
    static let hugePageBytes = 2 << 20

    /// An array of `count` floats whose contents `fill` writes in full.
    package static func make(_ count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buf, initialized in
            guard let base = buf.baseAddress else {
                initialized = 0
                return
            }
            if count * 4 >= 2 * hugePageBytes { adviseHugePages(base, bytes: count * 4) }
            fill(base)
            initialized = count
        }
    }

    /// A zero-filled array, with the same huge-page advice.
    package static func zeros(_ count: Int) -> [Float] {
        make(count) { $0.initialize(repeating: 0, count: count) }
    }

    static func adviseHugePages(_ p: UnsafeMutablePointer<Float>, bytes: Int) {
        #if os(Linux)
            let start = (UInt(bitPattern: p) + UInt(hugePageBytes) - 1) & ~UInt(hugePageBytes - 1)
            let end = (UInt(bitPattern: p) + UInt(bytes)) & ~UInt(hugePageBytes - 1)
            guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
