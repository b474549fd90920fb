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
        try checkTarget(path, what: what)
        let tmp = temporaryName(beside: path)
        TempFileGuard.arm(tmp, slot: .write)
        defer { TempFileGuard.disarm(.write) }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let e = errno
            let problem = FileProblem.fromErrno(e, path: directory(of: path))
            // ENOENT with the folder there: a file system that takes no new files (/proc, /sys).
            let reason =
                e != ENOENT
                ? problem.description
                : FileProblem.folder(at: directory(of: path)) == nil
                    ? "no file can be created in its folder (\(String(cString: strerror(e))))"
                    : "its folder does not exist"
            throw .create(path: path, reason: reason, what: what)
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

    /// Refuses a target that is not a regular file or nothing yet (a device such as /dev/full, a
    /// FIFO, a symbolic link, a folder), an empty name and a name ending in '/'.
    public static func checkTarget(_ path: String, what: String) throws(Failure) {
        guard !path.isEmpty else { throw .target(path: path, problem: .emptyName, what: what) }
        if path.hasSuffix("/") { throw .target(path: path, problem: .folder, what: what) }
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            throw .target(path: path, problem: .kind(st.st_mode), what: what)
        }
        var folder = stat()
        if stat(directory(of: path), &folder) != 0 {
            throw .create(path: path, reason: "its folder does not exist", what: what)
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
