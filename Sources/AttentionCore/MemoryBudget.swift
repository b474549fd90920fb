#if canImport(Glibc)
import Glibc
#endif

/// How much memory one computation may take, and what a request would need.
///
/// A quarter of physical memory: the window, the font cache and a second trace (the animation's
/// old and new frames) must fit beside it, and the machine must stay usable. Requests are
/// estimated before anything is allocated and refused with the figure, never left to abort in
/// `malloc` after minutes of swapping.
public enum MemoryBudget {
    public static let bytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 2 << 30 }
        return Int(pages) / 4 * Int(size)
    }()

    /// Bytes of one seeded-engine trace: per head n × n scores and weights, the head average,
    /// the n × d matrices (X, Q, K, V, concat, output, head outputs) and the d × d projections.
    public static func engineBytes(tokens n: Int, dModel d: Int, heads h: Int) -> Double {
        let n = Double(n), d = Double(d), h = Double(h)
        return 4 * (2 * h * n * n + n * n + 7 * n * d + 4 * d * d)
    }

    /// "3.2 GB", "512 MB": one readable figure.
    public static func format(_ bytes: Double) -> String {
        if bytes >= 1e9 { return "\(Double(Int(bytes / 1e8)) / 10) GB" }
        return "\(Int((bytes / 1e6).rounded(.up))) MB"
    }
}
