import AttentionCore

#if canImport(Glibc)
    import Glibc
#endif

/// The machine's FMA peak and the GEMM's share of it.
enum GemmBench {
    /// Independent FMA chains in registers on every core: the machine's practical float32 peak.
    /// Twelve chains of the tier's register width (16 floats on AVX-512, 8 on AVX2, where 12
    /// 16-float chains would need 24 of its 16 registers and spill).
    static func peakGFlops(iterations: Int) -> Double {
        KernelTier.current == .avx512
            ? peakGFlops(SIMD16<Float>.self, iterations: iterations)
            : peakGFlops(SIMD8<Float>.self, iterations: iterations)
    }

    static func peakGFlops<V: SIMD & Sendable>(_: V.Type, iterations: Int) -> Double where V.Scalar == Float {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let box = UnsafeMutablePointer<Float>.allocate(capacity: cores)
        defer { box.deallocate() }
        let t0 = now()
        nonisolated(unsafe) let out = box
        DispatchQueueShim.concurrentPerform(cores) { c in
            var a0 = V(repeating: 1)
            var a1 = V(repeating: 2)
            var a2 = V(repeating: 3)
            var a3 = V(repeating: 4)
            var a4 = V(repeating: 5)
            var a5 = V(repeating: 6)
            var a6 = V(repeating: 7)
            var a7 = V(repeating: 8)
            var a8 = V(repeating: 9)
            var a9 = V(repeating: 10)
            var a10 = V(repeating: 11)
            var a11 = V(repeating: 12)
            let m = V(repeating: 0.999_999)
            let k = V(repeating: 1e-7)
            for _ in 0..<iterations {
                a0 = a0.addingProduct(a0, m)
                a1 = a1.addingProduct(a1, m)
                a2 = a2.addingProduct(a2, m)
                a3 = a3.addingProduct(a3, m)
                a4 = a4.addingProduct(a4, m)
                a5 = a5.addingProduct(a5, m)
                a6 = a6.addingProduct(a6, m)
                a7 = a7.addingProduct(a7, m)
                a8 = a8.addingProduct(a8, m)
                a9 = a9.addingProduct(a9, m)
                a10 = a10.addingProduct(a10, m)
                a11 = a11.addingProduct(a11, m)
            }
            let s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + k
            out[c] = s.sum()
        }
        let dt = now() - t0
        // The chains overflow to infinity (that costs nothing); the sums only keep them alive.
        if box[0] == 42 { print("") }
        return Double(cores) * Double(iterations) * 12 * Double(V.scalarCount) * 2 / dt / 1e9
    }

    static func printPeak() {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let gflops = peakGFlops(iterations: KernelTier.current == .avx512 ? 20_000_000 : 40_000_000)
        print("{\"kind\": \"peak\", \"cores\": \(cores), \"gflops\": \(gflops), \"tier\": \"\(KernelTier.current)\"}")
    }

    /// A product with B packed once (as a model's weights are), timed `reps` times.
    struct Product {
        let m: Int
        let n: Int
        let k: Int
        let a: Matrix
        let b: PackedMatrix
        var c: [Float]

        init(m: Int, n: Int, k: Int) {
            (self.m, self.n, self.k) = (m, n, k)
            var g = SplitMix64(seed: 3)
            a = randomMatrix(m, k, &g)
            b = PackedMatrix(randomMatrix(k, n, &g))
            c = [Float](repeating: 0, count: m * n)
        }

        var flops: Double { 2.0 * Double(m * n * k) }

        mutating func time(reps: Int) -> [Double] {
            var times: [Double] = []
            let (m, k, n, b) = (self.m, self.k, self.n, self.b)
            for _ in 0..<reps {
                let t0 = now()
                a.storage.withUnsafeBufferPointer { ap in
                    c.withUnsafeMutableBufferPointer { cp in
                        Gemm.multiply(
                            a: ap.baseAddress!, lda: k, packed: b, c: cp.baseAddress!, ldc: n, m: m, parallel: true)
                    }
                }
                times.append(now() - t0)
            }
            return times
        }
    }

    /// A·B of two row-major matrices, B packed on every call (as attention's K and V are).
    static func unpacked(m: Int, n: Int, k: Int, reps: Int) {
        var g = SplitMix64(seed: 3)
        let a = randomMatrix(m, k, &g)
        let b = randomMatrix(k, n, &g)
        var times: [Double] = []
        for _ in 0..<reps {
            let t0 = now()
            let c = AttentionEngine.multiply(a, b)
            times.append(now() - t0)
            if !c.storage[0].isFinite { print("nan") }
        }
        let f = 2.0 * Double(m * n * k)
        print(
            "{\"kind\": \"gemm\", \"m\": \(m), \"n\": \(n), \"k\": \(k), \"median_s\": \(median(times)), \"gflops\": \(f / median(times) / 1e9)}"
        )
    }

    static func packed(m: Int, n: Int, k: Int, reps: Int) {
        var p = Product(m: m, n: n, k: k)
        let t = median(p.time(reps: reps))
        print(
            "{\"kind\": \"gemm-packed\", \"m\": \(m), \"n\": \(n), \"k\": \(k), \"median_s\": \(t), \"gflops\": \(p.flops / t / 1e9), \"check\": \(p.c[0] + p.c[m * n - 1])}"
        )
    }

    /// Rounds of (peak, product, peak): each round's product GFLOP/s over the mean of the two peaks
    /// around it, so that a shared machine's slow phases cancel; the median round is reported.
    static func efficiency(m: Int, n: Int, k: Int, rounds: Int) {
        var p = Product(m: m, n: n, k: k)
        _ = p.time(reps: 5)
        var shares: [Double] = []
        var gflops: [Double] = []
        var peaks: [Double] = []
        for _ in 0..<rounds {
            let before = peakGFlops(iterations: 1_000_000)
            let g = p.flops / median(p.time(reps: 7)) / 1e9
            let after = peakGFlops(iterations: 1_000_000)
            shares.append(2 * g / (before + after))
            gflops.append(g)
            peaks.append((before + after) / 2)
        }
        print(
            "{\"kind\": \"gemm-efficiency\", \"m\": \(m), \"n\": \(n), \"k\": \(k), \"share\": \(median(shares)), \"gflops\": \(median(gflops)), \"peak_gflops\": \(median(peaks))}"
        )
    }
}
