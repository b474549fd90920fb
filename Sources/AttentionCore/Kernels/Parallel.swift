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
