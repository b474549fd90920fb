#if canImport(Glibc)
    import Glibc
#endif

/// Removes the temporary files of writes in progress when SIGINT or SIGTERM arrives, then lets
/// the signal end the process as it would have. Two at a time: a frame being written, and a
/// file that takes a whole recording to write (a video).
enum TempFileGuard {
    enum Slot: Int {
        case write = 0
        case long = 1
    }

    static let capacity = Int(PATH_MAX) + 1
    /// The paths, as C bytes for the handler (which may only make async-signal-safe calls).
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 2 * capacity)
        p.initialize(repeating: 0, count: 2 * capacity)
        return p
    }()
    nonisolated(unsafe) static var installed = false

    static func arm(_ tmp: String, slot: Slot) {
        install()
        let start = paths + slot.rawValue * capacity
        let bytes = Array(tmp.utf8.prefix(capacity - 1))
        for (i, b) in bytes.enumerated() { start[i] = CChar(bitPattern: b) }
        start[bytes.count] = 0
    }

    static func disarm(_ slot: Slot) {
        paths[slot.rawValue * capacity] = 0
    }

    static func install() {
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM] {
            // A signal the parent set to be ignored stays ignored (as nohup and shells expect).
            var current = sigaction()
            sigaction(sig, nil, &current)
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
                == unsafeBitCast(SIG_IGN, to: Int.self)
            {
                continue
            }
            // A blocked mask inherited from the launching thread would keep the handler from ever running.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                for slot in 0..<2 {
                    let p = TempFileGuard.paths + slot * TempFileGuard.capacity
                    if p[0] != 0 { unlink(p) }
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
