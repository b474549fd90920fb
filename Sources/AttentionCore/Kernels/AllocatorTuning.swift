#if canImport(CMalloc) && os(Linux)
    import CMalloc
#endif

/// Process-wide malloc settings that suit a forward pass which allocates and frees the same
/// few-hundred-kilobyte buffers on every keystroke.
///
/// With glibc's defaults those buffers were mapped and unmapped each time (about 200 page faults
/// per forward pass at n = 128, d_model = 512); keeping freed memory in the process lets the
/// next pass reuse it. Up to glibc's largest threshold (32 MiB: a 2048-token n × n buffer is
/// 16 MiB) buffers come from the heap, so a keystroke's scores and weights reuse the last
/// keystroke's pages instead of faulting in and zeroing ~128 MB of fresh ones (a quarter of the
/// time per keystroke at 2048 tokens, measured with perf). Larger buffers are mapped on their
/// own (and advised into huge pages). Called once by the executables, never by the library itself.
public enum AllocatorTuning {
    public static func apply() {
        #if canImport(CMalloc) && os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }

    /// Gives the freed memory kept by `apply` back to the system, so that resident memory
    /// measures what is live (the window's memory check samples after this).
    public static func releaseFreedMemory() {
        #if canImport(CMalloc) && os(Linux)
            _ = malloc_trim(0)
        #endif
    }
}
