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

extension KernelTier {
    /// Why this build's arithmetic is slow, in one line, or nil when it is not: without hardware
    /// FMA every multiply-add of the kernels is a call to libm's `fmaf` (the numbers stay the
    /// same, bit for bit, only slower). `hardwareFMA` is the build's, `cpuFMA` the CPU's.
    package static func slowArithmeticNote(hardwareFMA: Bool, cpuFMA: Bool) -> String? {
        if hardwareFMA { return nil }
        if cpuFMA {
            return "this build does not use the CPU's FMA (a baseline x86-64 build): `make` on this machine "
                + "builds for it, with kernels several times faster"
        }
        return "this CPU has no FMA (x86 has it since Intel Haswell and AMD Piledriver): every multiply-add "
            + "runs in software, several times slower; the numbers are the same"
    }

    /// `slowArithmeticNote` for this build on this CPU.
    package static var slowArithmeticNote: String? {
        slowArithmeticNote(hardwareFMA: attnviz_hardware_fma() == 1, cpuFMA: attnviz_cpu_has_fma() == 1)
    }
}
