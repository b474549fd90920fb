import Dispatch

/// Splits work across the machine's cores; below a size threshold, runs inline.
///
/// Dispatch is the one import beyond the standard library in AttentionCore: the benchmark
/// targets (n = 2048, d_model = 512) are compute-bound and need both cores.
package enum Parallel {
    package static let cores: Int = {
        let n = sysconfCores()
        return max(1, min(n, 64))
    }()

    /// Runs `body(i)` for i in 0..<count, concurrently when `parallel` is true.
    package static func forEach(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel && count > 1 && cores > 1 {
            if WorkerTeam.shared.run(count, body) { return }
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for i in 0..<count { body(i) }
        }
    }

    /// Work above this many flops is worth handing to other threads.
    package static let parallelFlops = 4_000_000

    /// Lowers the calling thread to nice 10 (Linux: the nice value is per thread). The threads
    /// that recompute behind the window call it, so on two cores the render loop and the display
    /// server run first when a frame is due, and a recompute takes what they leave (measured with
    /// `--bench-typing 60` at 4095 tokens: 95th-percentile frame 9.5 ms at nice 0, 7 ms at nice
    /// 10, keystroke latency unchanged). Only ever lowers: a thread already lower stays so.
    package static func lowerThreadPriority() {
        #if canImport(Glibc)
            errno = 0
            let now = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            if errno == 0, now < backgroundNice {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, backgroundNice)
            }
        #endif
    }

    package static let backgroundNice: Int32 = 10
}

#if canImport(Glibc)
    import Glibc
    private func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#elseif canImport(Darwin)
    import Darwin
    private func sysconfCores() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#else
    private func sysconfCores() -> Int { 1 }
#endif

/// A raw pointer handed to worker threads that write disjoint parts of one buffer.
///
/// The caller guarantees the buffer outlives the parallel region and that writes do not overlap.
package struct SharedPointer<T>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<T>
    package init(_ p: UnsafeMutablePointer<T>) { base = p }
    package init(_ p: UnsafePointer<T>) { base = UnsafeMutablePointer(mutating: p) }
}
