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
}
