import AttentionCore
import TestSupport
import Testing

@testable import ModelFormats

/// The decoder's weight products in every kernel tier: each output is `dot`'s 16-lane chain,
/// whichever register block (AVX-512's 6 × 4, AVX2's 6 × 2 in 8-lane halves, the portable 2 × 2) or leftover
/// path computes it.
@Suite("Quantized kernels per tier")
struct QuantizedKernelTierTests {
    @Test(
        "every tier gives each output the bits of one dot product, for odd token and row counts",
        arguments: KernelTier.allCases)
    func tiersAgree(tier: KernelTier) {
        var g = SeededGenerator(seed: 31)
        for (n, rows, cols) in [(1, 7, 32), (2, 37, 64), (3, 80, 48), (5, 73, 64), (8, 36, 16), (13, 110, 96)] {
            let w = (0..<(rows * cols)).map { _ in Float.random(in: -1...1, using: &g) }
            let x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &g) }
            var expected = [Float](repeating: 0, count: n * rows)
            var xs = x
            var ws = w
            xs.withUnsafeMutableBufferPointer { xp in
                ws.withUnsafeMutableBufferPointer { wp in
                    for t in 0..<n {
                        for r in 0..<rows {
                            expected[t * rows + r] = QuantizedKernels.dot(
                                xp.baseAddress! + t * cols, wp.baseAddress! + r * cols, cols)
                        }
                    }
                }
            }
            let y = w.withUnsafeBytes { bytes in
                let m = QuantizedMatrix(base: bytes.baseAddress!, type: .f32, rows: rows, cols: cols)
                return QuantizedKernels.multiply(Matrix(rows: n, cols: cols, storage: x), m, tier: tier)
            }
            #expect(y.storage == expected, "\(tier): \(n) tokens × \(rows) rows × \(cols)")
        }
    }

    @Test(
        "generation of every type made in registers (four rows at a time in 8-lane halves, or 16 lanes; Q4_K's picked by permutes on AVX-512): the expanded rows' bits",
        arguments: KernelTier.allCases)
    func q4KDirect(tier: KernelTier) {
        for type in [GGMLType.q4K, .q6K, .q50, .q80, .q40, .q41, .q51, .iq4NL, .iq4XS] { direct(type, tier: tier) }
    }

    func direct(_ type: GGMLType, tier: KernelTier) {
        // 9, 6 and 7 rows: the four-row kernels' groups end in 1, 2 and 3 rows.
        for rows in [9, 6, 7] { direct(type, tier: tier, rows: rows) }
    }

    func direct(_ type: GGMLType, tier: KernelTier, rows: Int) {
        var g = SeededGenerator(seed: 47 + UInt64(rows))
        let cols = 512
        let (block, values) = (type.blockBytes, type.blockSize)
        let rowBytes = cols / values * block
        var bytes = (0..<(rows * rowBytes)).map { _ in UInt8.random(in: 0...255, using: &g) }
        // Finite float16 scales where the format keeps them, as a file's are: d = 0.0123 (0x224D),
        // and dmin (Q4_K) or m (Q4_1, Q5_1) 0.0061 (0x1E3F).
        let offsets = QuantBlocks.block(type)?.scaleOffsets ?? []
        #expect(!offsets.isEmpty, "\(type) has no block layout")
        for b in stride(from: 0, to: bytes.count, by: block) {
            for (o, (lo, hi)) in zip(offsets, [(UInt8(0x4D), UInt8(0x22)), (0x3F, 0x1E)]) {
                (bytes[b + o], bytes[b + o + 1]) = (lo, hi)
            }
        }
        for n in [1, 2, 3] {
            var x = (0..<(n * cols)).map { _ in Float.random(in: -1...1, using: &g) }
            bytes.withUnsafeBytes { raw in
                let m = QuantizedMatrix(base: raw.baseAddress!, type: type, rows: rows, cols: cols)
                var w = [Float](repeating: 0, count: cols)
                var expected = [Float](repeating: 0, count: n * rows)
                x.withUnsafeMutableBufferPointer { xp in
                    w.withUnsafeMutableBufferPointer { wp in
                        for r in 0..<rows {
                            m.expandRow(r, into: wp.baseAddress!)
                            for t in 0..<n {
                                expected[t * rows + r] = QuantizedKernels.dot(
                                    xp.baseAddress! + t * cols, wp.baseAddress!, cols)
                            }
                        }
                    }
                }
                let y = QuantizedKernels.multiply(Matrix(rows: n, cols: cols, storage: x), m, tier: tier)
                #expect(y.storage == expected && expected.allSatisfy(\.isFinite), "\(type) \(tier): \(n) tokens")
            }
        }
    }
}
