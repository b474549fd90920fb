import Testing
import TestSupport
@testable import AttentionCore

@Suite("Kernels")
struct KernelTests {
    @Test("gemm matches a naive triple loop for awkward shapes, strides and threading")
    func gemm() {
        var g = SeededGenerator(seed: 3)
        for (m, n, k) in [(1, 1, 1), (5, 33, 7), (17, 64, 3), (130, 70, 129), (64, 200, 64), (3, 7, 5), (9, 8, 20),
                          (13, 16, 100), (300, 64, 70), (8, 512, 512), (33, 12, 40)] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &g) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) }
            var naive = [Float](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { var s: Float = 0; for p in 0..<k { s += a[i * k + p] * b[p * n + j] }; naive[i * n + j] = s } }
            let c = AttentionEngine.multiply(Matrix(rows: m, cols: k, storage: a), Matrix(rows: k, cols: n, storage: b))
            #expect(maxAbsDifference(c.storage, naive) < 1e-4, "shape \(m)x\(n)x\(k)")
        }
    }

    @Test("the vector exp is within 3 ulp-ish of the reference and exactly 0 far below")
    func exp() {
        var x: Float = -87
        while x <= 0 {
            let got = Softmax.expScalar(x)
            let want = Float(expD(Double(x)))
            #expect(abs(got - want) <= 4e-7 * want, "exp(\(x)) = \(got), want \(want)")
            x += 0.173
        }
        #expect(Softmax.expScalar(-200) < 1e-37)
        #expect(Softmax.expScalar(0) == 1)
    }
}
