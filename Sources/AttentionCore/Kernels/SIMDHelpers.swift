/// SIMD operations spelled the way the Swift compiler turns into single instructions.
///
/// The generic `pointwiseMax`, `.max()` and `.sum()` of the standard library lower to scalar
/// loops with NaN checks (seen in the disassembly); a compare-and-select becomes `vmaxps`, and
/// halving reductions stay in vector registers. Reductions use a fixed tree order, so results
/// are the same on every run.
typealias V16 = SIMD16<Float>

@inline(__always)
func vmax(_ a: V16, _ b: V16) -> V16 {
    a.replacing(with: b, where: b .> a)
}

@inline(__always)
func hmax(_ v: V16) -> Float {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
    let c = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .> a.lowHalf)  // 4 lanes
    let d = c[0] > c[1] ? c[0] : c[1]
    let e = c[2] > c[3] ? c[2] : c[3]
    return d > e ? d : e
}

@inline(__always)
func hsum(_ v: V16) -> Float {
    let a = v.lowHalf + v.highHalf
    let c = a.lowHalf + a.highHalf  // 4 lanes
    return (c[0] + c[2]) + (c[1] + c[3])
}

extension SIMD16 where Scalar == Float {
    /// 0, 1, …, 15: for masking the lanes of a partial vector.
    static let laneIndices = SIMD16<Float>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}
