import TestSupport
import Testing

@testable import AttentionCore

@Suite("Kernels")
struct KernelTests {
    @Test("gemm matches a naive triple loop for awkward shapes, strides and threading")
    func gemm() {
        var g = SeededGenerator(seed: 3)
        for (m, n, k) in [
            (1, 1, 1), (5, 33, 7), (17, 64, 3), (130, 70, 129), (64, 200, 64), (3, 7, 5), (9, 8, 20),
            (13, 16, 100), (300, 64, 70), (8, 512, 512), (33, 12, 40),
        ] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &g) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) }
            var naive = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var s: Float = 0
                    for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                    naive[i * n + j] = s
                }
            }
            let c = AttentionEngine.multiply(Matrix(rows: m, cols: k, storage: a), Matrix(rows: k, cols: n, storage: b))
            #expect(maxAbsDifference(c.storage, naive) < 1e-4, "shape \(m)x\(n)x\(k)")
        }
    }

    @Test("every element is one fused chain over k in order, whichever row tile (8, 4, 1) computes it")
    func gemmChains() {
        var g = SeededGenerator(seed: 11)
        for (m, n, k) in [(15, 40, 33), (12, 32, 9), (8, 64, 17), (7, 96, 5), (3, 20, 11), (264, 33, 24), (21, 8, 6)] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &g) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) }
            let chain = Self.chains(a, b, m: m, n: n, k: k)
            let c = AttentionEngine.multiply(Matrix(rows: m, cols: k, storage: a), Matrix(rows: k, cols: n, storage: b))
            let packed = PackedMatrix(Matrix(rows: k, cols: n, storage: b))
            var viaPacked = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { ap in
                viaPacked.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(
                        a: ap.baseAddress!, lda: k, packed: packed, c: cp.baseAddress!, ldc: n, m: m, parallel: true)
                }
            }
            #expect(c.storage == chain, "shape \(m)x\(n)x\(k)")
            #expect(viaPacked == chain, "packed, shape \(m)x\(n)x\(k)")
        }
    }

    @Test(
        "every kernel tier (AVX-512's 8 × 32, AVX2's 6 × 16, the portable 4 × 16) gives the fused chain's bits",
        arguments: KernelTier.allCases)
    func tiersAgree(tier: KernelTier) {
        var g = SeededGenerator(seed: 29)
        for (m, n, k) in [(6, 16, 9), (13, 48, 31), (130, 70, 65), (5, 33, 7), (300, 24, 40), (7, 8, 3), (260, 96, 12)]
        {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &g) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) }
            let half = a.map { $0 * 0.5 }
            let chain = Self.chains(half, b, m: m, n: n, k: k)
            let packed = PackedMatrix(Matrix(rows: k, cols: n, storage: b), panelWidth: tier.panelWidth(n))
            var direct = [Float](repeating: .nan, count: m * n)
            var transposed = direct
            var viaPacked = direct
            let bt = (0..<(k * n)).map { b[($0 % k) * n + $0 / k] }  // n × k: B read through its columns
            half.withUnsafeBufferPointer { ap in
                let a = ap.baseAddress!
                b.withUnsafeBufferPointer { bp in
                    direct.withUnsafeMutableBufferPointer { cp in
                        Gemm.multiply(
                            a: a, lda: k, b: bp.baseAddress!, bRow: n, bCol: 1, bScale: 1, c: cp.baseAddress!,
                            ldc: n, m: m, n: n, k: k, parallel: true, tier: tier)
                    }
                }
                bt.withUnsafeBufferPointer { bp in
                    transposed.withUnsafeMutableBufferPointer { cp in
                        Gemm.multiply(
                            a: a, lda: k, b: bp.baseAddress!, bRow: 1, bCol: k, bScale: 1, c: cp.baseAddress!,
                            ldc: n, m: m, n: n, k: k, parallel: false, tier: tier)
                    }
                }
                viaPacked.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(
                        a: a, lda: k, packed: packed, c: cp.baseAddress!, ldc: n, m: m, parallel: true, tier: tier)
                }
            }
            #expect(direct == chain, "\(tier), shape \(m)x\(n)x\(k)")
            #expect(transposed == chain, "\(tier), B by columns, shape \(m)x\(n)x\(k)")
            #expect(viaPacked == chain, "\(tier), packed, shape \(m)x\(n)x\(k)")
        }
    }

    /// C = A·B with every element one fused chain over k in order: the bits every tile must give.
    static func chains(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        var chain = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = 0
                for p in 0..<k { s = s.addingProduct(a[i * k + p], b[p * n + j]) }
                chain[i * n + j] = s
            }
        }
        return chain
    }

    @Test("the tile epilogue sees every finished element of C exactly once, split by rows or by panels")
    func gemmEpilogue() {
        var g = SeededGenerator(seed: 12)
        // Small (one thread), tall (split by rows) and short-and-wide (split by column panels).
        for (m, n, k) in [(13, 40, 7), (200, 256, 64), (64, 512, 128)] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &g) }
            let b = Matrix(rows: k, cols: n, storage: (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) })
            let plain = AttentionEngine.multiply(Matrix(rows: m, cols: k, storage: a), b)
            var c = [Float](repeating: 0, count: m * n)
            var visits = [Int32](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { ap in
                c.withUnsafeMutableBufferPointer { cp in
                    visits.withUnsafeMutableBufferPointer { vp in
                        let (base, seen) = (SharedPointer(cp.baseAddress!), SharedPointer(vp.baseAddress!))
                        Gemm.multiply(
                            a: ap.baseAddress!, lda: k, packed: PackedMatrix(b), c: cp.baseAddress!, ldc: n, m: m,
                            parallel: true
                        ) { tile, ldc, rows, col0, width in
                            let first = tile - base.base
                            for r in 0..<rows {
                                for j in 0..<width {
                                    tile[r * ldc + j] = tile[r * ldc + j] * 2 + Float(col0 + j)
                                    seen.base[first + r * ldc + j] += 1
                                }
                            }
                        }
                    }
                }
            }
            #expect(visits.allSatisfyNonEmpty { $0 == 1 }, "shape \(m)x\(n)x\(k)")
            #expect(c == (0..<(m * n)).map { plain.storage[$0] * 2 + Float($0 % n) }, "shape \(m)x\(n)x\(k)")
        }
    }

    @Test("packing from columns (a PyTorch weight's rows) gives the panels of packing the row-major matrix")
    func packFromColumns() {
        var g = SeededGenerator(seed: 13)
        for (k, n, nr) in [(5, 40, 32), (7, 32, 32), (3, 9, 8), (4, 17, 16)] {
            // Column-major source: column j's k values start at j * k.
            let source = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &g) }
            let rowMajor = Matrix(rows: k, cols: n, storage: (0..<(k * n)).map { source[($0 % n) * k + $0 / n] })
            let fromColumns = source.withUnsafeBufferPointer { p in
                PackedMatrix(rows: k, cols: n, panelWidth: nr) { p.baseAddress! + $0 * k }
            }
            #expect(fromColumns == PackedMatrix(rowMajor, panelWidth: nr), "k \(k) n \(n) nr \(nr)")
            #expect(fromColumns.unpacked().storage == rowMajor.storage)
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

@Suite("Worker team")
struct WorkerTeamTests {
    /// Counts how often each chunk ran; chunks write disjoint slots.
    final class Tally: @unchecked Sendable {
        var counts: [Int]
        init(_ n: Int) { counts = Array(repeating: 0, count: n) }
    }

    @Test("every chunk of every region runs exactly once, back to back and from competing threads")
    func exactlyOnce() async {
        func regions(_ rounds: Int, seed: Int) -> Bool {
            for r in 0..<rounds {
                let n = 1 + (r * 7 + seed) % 37
                let tally = Tally(n)
                tally.counts.withUnsafeMutableBufferPointer { buf in
                    let p = SharedPointer(buf.baseAddress!)
                    Parallel.forEach(n, parallel: true) { i in p.base[i] += 1 }
                }
                if tally.counts != Array(repeating: 1, count: n) { return false }
            }
            return true
        }
        #expect(regions(3000, seed: 0))
        // Two callers at once: one gets the team, the other Dispatch; both stay exact.
        async let a = Task.detached { regions(1500, seed: 1) }.value
        async let b = Task.detached { regions(1500, seed: 2) }.value
        let (ra, rb) = await (a, b)
        #expect(ra && rb)
    }
}
