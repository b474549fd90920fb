import CKernelTier

/// The register-tile shapes the kernels use, chosen by the CPU the build targets.
///
/// A tile's accumulators must fit the register file: AVX-512 has 32 vector registers of 16
/// floats, AVX2 16 of 8, SSE 16 of 4 and NEON 32 of 4. Every tier computes each output as the
/// same fused chain in the same order, so all tiers give the same bits; only speed differs.
package enum KernelTier: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Any CPU (SSE, NEON): 4-row tiles, at most 16 columns.
    case portable = 0
    /// AVX2 + FMA (Haswell and later, Zen): 6 × 16 GEMM tiles, 12 ymm accumulators.
    case avx2 = 1
    /// AVX-512: 8 × 32 GEMM tiles, 16 zmm accumulators.
    case avx512 = 2

    /// The tier of this build (`make` targets the machine it builds on; `make bench ISA=avx2`
    /// targets Haswell, `ISA=portable` forces the fallback).
    @inline(__always)
    package static var current: KernelTier { KernelTier(rawValue: Int(attnviz_kernel_tier())) ?? .portable }

    package var description: String {
        switch self {
        case .portable: "portable"
        case .avx2: "AVX2+FMA"
        case .avx512: "AVX-512"
        }
    }

    /// The GEMM's widest column panel.
    package var widestPanel: Int { self == .avx512 ? 32 : 16 }

    /// Columns per panel for a B with n columns: narrow panels for narrow B (attention heads with
    /// a small d_k), where a wide tile would waste most of its lanes.
    package func panelWidth(_ n: Int) -> Int { n <= 8 ? 8 : min(n <= 16 ? 16 : 32, widestPanel) }

    /// Rows of A per register tile for panels `nr` wide.
    package func tileRows(_ nr: Int) -> Int {
        switch self {
        case .avx512: 8
        case .avx2: nr == 8 ? 8 : 6
        case .portable: 4
        }
    }
}
