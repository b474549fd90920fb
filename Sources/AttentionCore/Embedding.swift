/// Deterministic token embeddings: the X that attention starts from.
///
/// Words: each token's vector is drawn from SplitMix64 seeded by FNV-1a(token) mixed with the
/// seed, so "cat" means the same vector wherever it appears. Numbers: x ↦ squash(x)·u + b with
/// u and b fixed seeded vectors, where squash = asinh keeps small values linear and makes 1e300
/// harmless (asinh(1e300) ≈ 691).
public enum Embedding {
    /// Entries are uniform with unit variance: ±√3.
    static let unitScale: Float = 1.732_050_8

    public static func embed(_ tokenization: Tokenization, dModel: Int, seed: UInt64, positional: Bool) -> Matrix {
        let n = tokenization.tokens.count
        var x = Matrix(rows: n, cols: dModel)
        switch tokenization.mode {
        case .numbers:
            let (u, b) = numberBasis(dModel: dModel, seed: seed)
            for (i, value) in tokenization.values.enumerated() {
                let s = Float(squash(value))
                for c in 0..<dModel { x[i, c] = s * u[c] + b[c] }
            }
        case .words, .auto:
            for (i, token) in tokenization.tokens.enumerated() {
                let v = wordVector(token, dModel: dModel, seed: seed)
                for c in 0..<dModel { x[i, c] = v[c] }
            }
        }
        if positional { addPositionalEncoding(&x) }
        return x
    }

    /// The vector of one word for this seed.
    public static func wordVector(_ token: String, dModel: Int, seed: UInt64) -> [Float] {
        var g = SplitMix64(seed: StableHash.combine(StableHash.fnv1a(token), seed))
        return (0..<dModel).map { _ in g.nextSigned() * unitScale }
    }

    /// Monotone, linear near zero, logarithmic far out: asinh.
    public static func squash(_ x: Double) -> Double {
        let a = Swift.abs(x)
        // asinh(a) = log(a + sqrt(a² + 1)), written to avoid overflow of a² for huge a.
        let r: Double = a > 1e8 ? (logApprox(a) + 0.693_147_180_559_945_3) : logApprox(a + (a * a + 1).squareRoot())
        return x < 0 ? -r : r
    }

    /// The fixed direction and bias that numbers are embedded along.
    static func numberBasis(dModel: Int, seed: UInt64) -> (u: [Float], b: [Float]) {
        var g = SplitMix64(seed: StableHash.combine(0x6e75_6d62_6572_7321, seed))
        let u = (0..<dModel).map { _ in g.nextSigned() * unitScale }
        let b = (0..<dModel).map { _ in g.nextSigned() * unitScale * 0.5 }
        return (u, b)
    }

    /// Sinusoidal encoding (Vaswani et al. 2017): PE[p, 2i] = sin(p/10000^(2i/d)), PE[p, 2i+1] = cos.
    public static func addPositionalEncoding(_ x: inout Matrix) {
        let d = x.cols
        for p in 0..<x.rows {
            for c in 0..<d {
                let i = Double(c / 2 * 2)
                let angle = Double(p) / pow10000(i / Double(d))
                let pe = c % 2 == 0 ? sinApprox(angle) : sinApprox(angle + Double.pi / 2)
                x[p, c] += Float(pe)
            }
        }
    }

    // MARK: - Math without Foundation (stated, deterministic)

    /// Natural log by range reduction to [1, 2) and an atanh series; exact to ~1e-15.
    static func logApprox(_ x: Double) -> Double {
        guard x > 0 else { return -Double.infinity }
        let e = Double(x.exponent)
        let m = x.significand  // [1, 2)
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var k = 1.0
        for _ in 0..<30 {
            sum += term / k
            term *= t2
            k += 2
        }
        return 2 * sum + e * 0.693_147_180_559_945_3
    }

    static func expApprox(_ x: Double) -> Double {
        let ln2 = 0.693_147_180_559_945_3
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for i in 1..<25 {
            term *= r / Double(i)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    static func pow10000(_ e: Double) -> Double {
        expApprox(e * 9.210_340_371_976_184)  // ln(10000)
    }

    static func sinApprox(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        var r = x - (x / twoPi).rounded() * twoPi  // [-π, π]
        if r > Double.pi / 2 { r = Double.pi - r } else if r < -Double.pi / 2 { r = -Double.pi - r }
        let r2 = r * r
        var term = r
        var sum = r
        for i in 1..<14 {
            term *= -r2 / Double((2 * i) * (2 * i + 1))
            sum += term
        }
        return sum
    }
}
