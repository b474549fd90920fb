/// Row softmax over a prefix of visible keys, with a vectorized, stated exp.
///
/// Every mask AttnViz supports leaves a contiguous run of visible keys per row (see
/// `MaskSpec.visibleKeys`), so a row is "keys [lo, hi) visible". Masked weights are exact zeros.
package enum Softmax {
    package typealias V = SIMD16<Float>

    /// weights[j] = exp(s[j]/T - max) / Σ for j in `visible`; 0 elsewhere (all 0 when nothing is visible).
    package static func row(
        scores rowScores: UnsafePointer<Float>, weights rowWeights: UnsafeMutablePointer<Float>, n: Int,
        visible: Range<Int>, invTemperature: Float
    ) {
        precondition(visible.lowerBound >= 0 && visible.upperBound <= n)
        guard !visible.isEmpty else {
            rowWeights.update(repeating: 0, count: n)
            return
        }
        if visible.lowerBound > 0 { rowWeights.update(repeating: 0, count: visible.lowerBound) }
        let scores = rowScores + visible.lowerBound
        let weights = rowWeights + visible.lowerBound
        let limit = visible.count
        let tail = n - visible.upperBound
        var maxV = V(repeating: -Float.greatestFiniteMagnitude)
        var j = 0
        while j + 16 <= limit {
            maxV = vmax(maxV, Gemm.load(scores + j) * invTemperature)
            j += 16
        }
        var m = hmax(maxV)
        while j < limit {
            m = Swift.max(m, scores[j] * invTemperature)
            j += 1
        }

        var sumV = V()
        let mv = V(repeating: m)
        j = 0
        while j + 16 <= limit {
            let e = exp(Gemm.load(scores + j) * invTemperature - mv)
            UnsafeMutableRawPointer(weights + j).storeBytes(of: e, as: V.self)
            sumV += e
            j += 16
        }
        if j < limit {
            // The ragged end as one partial vector: a single exp for up to 15 keys.
            let count = limit - j
            var x = V(repeating: -100)
            for l in 0..<count { x[l] = scores[j + l] * invTemperature }
            var e = exp(x - mv)
            e = e.replacing(with: 0, where: V.laneIndices .>= Float(count))
            for l in 0..<count { weights[j + l] = e[l] }
            sumV += e
        }
        let sum = hsum(sumV)
        let inv = 1 / sum
        j = 0
        let iv = V(repeating: inv)
        while j + 16 <= limit {
            let w = Gemm.load(UnsafePointer(weights + j)) * iv
            UnsafeMutableRawPointer(weights + j).storeBytes(of: w, as: V.self)
            j += 16
        }
        while j < limit {
            weights[j] *= inv
            j += 1
        }
        if tail > 0 { (weights + limit).update(repeating: 0, count: tail) }
    }

    // MARK: - exp

    static let log2e: Float = 1.442_695_04
    static let ln2Hi: Float = 0.693_359_375
    static let ln2Lo: Float = -2.121_944_4e-4

    /// exp(x) for x ≤ 0 (after max subtraction): Cody–Waite reduction and a degree-6 polynomial,
    /// relative error ~2 ulp. Underflows to exactly 0 below -87.
    @inline(__always)
    package static func exp(_ x: V) -> V {
        let xc = vmax(x, V(repeating: -87.0))
        // Round x·log2(e) to an integer with the 1.5·2^23 trick: the integer lands in the low
        // mantissa bits, so 2^k is built with integer shifts and no float-to-int conversion.
        let magic = V(repeating: 12_582_912.0)
        let shifted = xc * log2e + magic
        let k = shifted - magic
        var r = xc - k * ln2Hi
        r = r - k * ln2Lo
        var p = V(repeating: 1.987_569_1e-4)
        p = p * r + 1.398_199_9e-3
        p = p * r + 8.333_452e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_5e-1
        p = p * r + 5.000_000_1e-1
        p = p * (r * r) + r + 1
        let kBits = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
        let scale = unsafeBitCast((kBits &+ 127) &<< 23, to: V.self)
        let result = p * scale
        return result.replacing(with: 0, where: x .< -87.0)
    }

    @inline(__always)
    package static func expScalar(_ x: Float) -> Float {
        exp(V(repeating: x))[0]
    }
}
