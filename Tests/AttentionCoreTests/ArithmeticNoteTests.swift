import CKernelTier
import Testing

@testable import AttentionCore

/// The note a user gets when the kernels run without hardware FMA (issue 31): a CPU without it, or
/// a baseline build on a CPU that has it. Neither machine is at hand, so the choice is tested as
/// the function it is, and this build's own answer against what it was compiled for.
@Suite("Arithmetic note")
struct ArithmeticNoteTests {
    @Test("no note with hardware FMA; a rebuild hint for a baseline build; a CPU without FMA told why")
    func note() throws {
        #expect(KernelTier.slowArithmeticNote(hardwareFMA: true, cpuFMA: true) == nil)
        #expect(KernelTier.slowArithmeticNote(hardwareFMA: true, cpuFMA: false) == nil)
        let rebuild = try #require(KernelTier.slowArithmeticNote(hardwareFMA: false, cpuFMA: true))
        #expect(rebuild.contains("`make` on this machine") && !rebuild.contains("\n"))
        let noFMA = try #require(KernelTier.slowArithmeticNote(hardwareFMA: false, cpuFMA: false))
        #expect(noFMA.contains("has no FMA") && noFMA.contains("the numbers are the same"))
    }

    @Test("this build's note follows what it was compiled for and the CPU it runs on")
    func thisBuild() {
        let hardware = attnviz_hardware_fma() == 1
        #expect((KernelTier.slowArithmeticNote == nil) == hardware)
        // Every tier above the portable one is built for FMA.
        if KernelTier.current != .portable { #expect(hardware) }
        // The CPU running a build compiled for FMA has it (or the build could not run at all).
        if hardware { #expect(attnviz_cpu_has_fma() == 1) }
    }
}
