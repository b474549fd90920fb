#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file so that nobody ever sees half of it, and replaces only regular files.
///
/// The bytes go to a short temporary name in the same folder (within NAME_MAX whatever the
/// target's name), are synced, then renamed over the target. An existing target that is not a
/// regular file (a device such as /dev/full, a FIFO, a symbolic link, a folder) is refused
/// before anything is written. SIGINT and SIGTERM during the write remove the temporary file.
public enum AtomicFile {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case target(path: String, problem: FileProblem, what: String)
        case create(path: String, reason: String, what: String)
        case write(path: String, reason: String, what: String)
        case rename(path: String, reason: String, what: String)

        public var description: String {
            switch self {
            case .target(let p, let problem, let what):
                return "cannot write the \(what) to '\(shortPath(p))': \(problem)"
            case .create(let p, let r, let what): return "cannot write the \(what) to '\(shortPath(p))': \(r)"
            case .write(let p, let r, let what): return "writing the \(what) to '\(shortPath(p))' failed: \(r)"
            case .rename(let p, let r, let what): return "cannot put the finished \(what) at '\(shortPath(p))': \(r)"
            }
        }
    }

    /// Writes `bytes` to `path`; `what` names the file in errors ("frame", "screenshot").
    public static func write(_ bytes: [UInt8], to path: String, what: String) throws(Failure) {
        guard !path.isEmpty else { throw .target(path: path, problem: .emptyName, what: what) }
        if path.hasSuffix("/") { throw .target(path: path, problem: .folder, what: what) }
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            throw .target(path: path, problem: .kind(st.st_mode), what: what)
        }
        let tmp = temporaryName(beside: path)
        TempFileGuard.arm(tmp)
        defer { TempFileGuard.disarm() }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let e = errno
            let problem = FileProblem.fromErrno(e, path: directory(of: path))
            throw .create(
                path: path, reason: e == ENOENT ? "its folder does not exist" : problem.description, what: what)
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw .write(path: path, reason: reason, what: what)
            }
            offset += n
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw .write(path: path, reason: reason, what: what)
        }
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw .rename(
                path: path, reason: e == EISDIR ? FileProblem.folder.description : String(cString: strerror(e)),
                what: what)
        }
    }

    /// ".attnviz-PID-N.tmp" in the target's folder: hidden, short, unique within this process.
    static func temporaryName(beside path: String) -> String {
        counter &+= 1
        return directory(of: path) + "/.attnviz-\(getpid())-\(counter).tmp"
    }

    nonisolated(unsafe) static var counter = 0

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// A path as it may appear in one error line.
func shortPath(_ s: String) -> String {
    s.count <= 120 ? s : String(s.prefix(119)) + "…"
}

/// Removes the temporary file of a write in progress when SIGINT or SIGTERM arrives, then lets
/// the signal end the process as it would have.
enum TempFileGuard {
    /// The path, as C bytes for the handler (which may only make async-signal-safe calls).
    nonisolated(unsafe) static let path: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
        p.initialize(repeating: 0, count: Int(PATH_MAX) + 1)
        return p
    }()
    nonisolated(unsafe) static var installed = false

    static func arm(_ tmp: String) {
        install()
        let bytes = Array(tmp.utf8.prefix(Int(PATH_MAX)))
        for (i, b) in bytes.enumerated() { path[i] = CChar(bitPattern: b) }
        path[bytes.count] = 0
    }

    static func disarm() {
        path[0] = 0
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
                if TempFileGuard.path[0] != 0 { unlink(TempFileGuard.path) }
                signal(sig, SIG_DFL)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
