/// Generation against Q4_K matrices (most of a Q4_K_M file): one token, each 64 values expanded
/// in registers and used at once, never written out.
extension QuantizedKernels {
    typealias V = SIMD16<Float>

    /// y[r] = x·w[r] for `rows`, two rows at a time: each row's sum is its own chain in `dot`'s
    /// order (the bits of the scratch path), and two chains keep the multiply-add units busy
    /// where one waited on its own latency (half of a token's time on a 1B model).
    static func directQ4K(_ x: UnsafeRawPointer, _ w: QuantizedMatrix, rows: Range<Int>, y: UnsafeMutablePointer<Float>)
    {
        let blocks = w.cols / BlockQ4K.values
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            let row = w.base + r * w.rowBytes
            var (a0, a1) = (V(), V())
            for b in 0..<blocks {
                let p0 = row + BlockQ4K.bytes &* b
                let p1 = p0 + w.rowBytes
                let (f0, f1) = (BlockQ4K.factors(p0), BlockQ4K.factors(p1))
                for i in 0..<4 {
                    let xi = x + (1024 &* b &+ 256 &* i)
                    let u = BlockQ4K.lanes(p0, pair: i, factors: f0)
                    let v = BlockQ4K.lanes(p1, pair: i, factors: f1)
                    let x0 = xi.loadUnaligned(as: V.self)
                    (a0, a1) = (a0.addingProduct(x0, u.0), a1.addingProduct(x0, v.0))
                    let x1 = xi.loadUnaligned(fromByteOffset: 64, as: V.self)
                    (a0, a1) = (a0.addingProduct(x1, u.1), a1.addingProduct(x1, v.1))
                    let x2 = xi.loadUnaligned(fromByteOffset: 128, as: V.self)
                    (a0, a1) = (a0.addingProduct(x2, u.2), a1.addingProduct(x2, v.2))
                    let x3 = xi.loadUnaligned(fromByteOffset: 192, as: V.self)
                    (a0, a1) = (a0.addingProduct(x3, u.3), a1.addingProduct(x3, v.3))
                }
            }
            (y[r], y[r + 1]) = (hsum(a0), hsum(a1))
            r += 2
        }
        guard r < rows.upperBound else { return }
        let row = w.base + r * w.rowBytes
        var a = V()
        for b in 0..<blocks {
            let p = row + BlockQ4K.bytes &* b
            let f = BlockQ4K.factors(p)
            for i in 0..<4 {
                let xi = x + (1024 &* b &+ 256 &* i)
                let u = BlockQ4K.lanes(p, pair: i, factors: f)
                a = a.addingProduct(xi.loadUnaligned(as: V.self), u.0)
                a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 64, as: V.self), u.1)
                a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 128, as: V.self), u.2)
                a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 192, as: V.self), u.3)
            }
        }
        y[r] = hsum(a)
    }
}
