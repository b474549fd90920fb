#if canImport(Glibc)
    import Glibc
#endif

/// How much memory one computation may take, and what a request would need.
///
/// A quarter of physical memory (or of `ulimit -v`): the window, the font cache and a second trace (the animation's
/// old and new frames) must fit beside it, and the machine must stay usable. Requests are
/// estimated before anything is allocated and refused with the figure, never left to abort in
/// `malloc` after minutes of swapping.
public enum MemoryBudget {
    public static let bytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        var budget = pages > 0 && size > 0 ? Int(pages) / 4 * Int(size) : 2 << 30
        // Under `ulimit -v` the address space is the limit: a quarter of it (threads and the
        // runtime reserve much of it as address space without touching it).
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            budget = min(budget, Int(clamping: limit.rlim_cur / 4))
        }
        return budget
    }()

    /// Bytes of one seeded-engine trace: per head n × n scores and weights, the head average,
    /// the n × d matrices (X, Q, K, V, concat, output, head outputs) and the d × d projections.
    public static func engineBytes(tokens n: Int, dModel d: Int, heads h: Int) -> Double {
        let n = Double(n)
        let d = Double(d)
        let h = Double(h)
        return 4 * (2 * h * n * n + n * n + 7 * n * d + 4 * d * d)
    }

    /// "3.2 GB", "512 MB": one readable figure.
    public static func format(_ bytes: Double) -> String {
        if bytes >= 1e9 { return "\(Double(Int(bytes / 1e8)) / 10) GB" }
        return "\(Int((bytes / 1e6).rounded(.up))) MB"
    }
}
