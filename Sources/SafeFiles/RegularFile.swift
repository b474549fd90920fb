#if canImport(Glibc)
    import Glibc
#endif

/// Reading files the user names: whatever is at the path, decide on what was opened.
///
/// The file is opened without blocking (a FIFO must not hang the app) and `fstat` of the open
/// descriptor decides: a symbolic link to a 200 MB file is 200 MB, whatever the link's own size.
public enum RegularFile {
    /// An open regular file and its size; the caller closes `fd`.
    public static func open(_ path: String) -> Result<(fd: Int32, size: Int), FileProblem> {
        guard !path.isEmpty else { return .failure(.emptyName) }
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(.fromErrno(errno, path: path)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            return .failure(.fromErrno(e, path: path))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(.kind(st.st_mode))
        }
        return .success((fd, Int(st.st_size)))
    }

    /// The whole file, refused past `limit` bytes (checked on what was opened, and again while
    /// reading, in case it grows).
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], FileProblem> {
        switch open(path) {
        case .failure(let p): return .failure(p)
        case .success((let fd, let size)):
            defer { close(fd) }
            guard size <= limit else { return .failure(.tooLarge(size: size, limit: limit)) }
            var out = [UInt8](repeating: 0, count: size + 1)
            var done = 0
            while done <= size {
                let n = out.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress! + done, size + 1 - done) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return .failure(.fromErrno(errno, path: path)) }
                if n == 0 { break }
                done += n
            }
            if done > size { return .failure(.tooLarge(size: done, limit: limit)) }
            out.removeLast(out.count - done)
            return .success(out)
        }
    }

    /// Whether `path` can be opened and is a regular file (fonts: SDL_ttf opens them itself).
    public static func check(_ path: String) -> FileProblem? {
        switch open(path) {
        case .failure(let p): return p
        case .success((let fd, _)):
            close(fd)
            return nil
        }
    }
}
