#if canImport(Glibc)
    import Glibc
#endif

/// One writer per folder: a recording holds an exclusive lock on its output folder itself
/// (`flock` on the folder's descriptor) for as long as the process lives. The kernel releases
/// it at exit, whatever ends the process, so there is never a stale lock, and nothing is added
/// to the folder. Two recordings into one folder cannot interleave their frames.
public final class FolderLock {
    let fd: Int32

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case held(folder: String)
        case cannotLock(folder: String, reason: String)

        public var description: String {
            switch self {
            case .held(let folder):
                return
                    "another attnviz is recording into '\(shortPath(folder))'; wait for it to finish or choose another --out"
            case .cannotLock(let folder, let reason):
                return "cannot lock '\(shortPath(folder))' for recording: \(reason)"
            }
        }
    }

    public init(folder: String) throws(Failure) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotLock(folder: folder, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            close(fd)
            throw e == EWOULDBLOCK
                ? .held(folder: folder) : .cannotLock(folder: folder, reason: String(cString: strerror(e)))
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
