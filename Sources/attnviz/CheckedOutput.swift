#if canImport(Glibc)
    import Glibc
#endif

/// Buffered writes to stdout whose every failure is noticed (a full disk, a closed pipe, /dev/full).
///
/// Everything the command line prints goes through here, so `dump > /dev/full`, `dump >&-` and
/// `--help > /dev/full` end in one line on stderr and exit 1 instead of a silent success.
struct CheckedOutput {
    private var buffer: [UInt8] = []
    private(set) var failed = false
    /// Why the first failed write failed.
    private(set) var reason = ""

    init() {
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ s: String) {
        guard !failed else { return }
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty, !failed else { return }
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let r = Glibc.write(1, raw.baseAddress! + done, raw.count - done)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return false }
                done += r
            }
            return true
        }
        if !ok {
            failed = true
            reason = errno == 0 ? "nothing was written" : String(cString: strerror(errno))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; on failure says so in one line. The exit status for the command.
    mutating func finish(_ what: String) -> Int32 {
        flush()
        guard failed else { return 0 }
        printError("attnviz: cannot write the \(what) to standard output: \(reason)")
        return 1
    }

    /// Prints `text` and a newline, checked.
    static func print(_ text: String, what: String) -> Int32 {
        var out = CheckedOutput()
        out.write(text + "\n")
        return out.finish(what)
    }
}
