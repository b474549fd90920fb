#if canImport(Glibc)
    import Glibc
#endif

/// A file that takes a while to write (a video a recording feeds for minutes), written by
/// someone else (ffmpeg) under a temporary name beside its target, and put in place by rename
/// only when it is finished and checked.
///
/// Until then the target keeps whatever it held; SIGINT or SIGTERM remove the temporary file,
/// and so does `abandon`. The target must be a regular file or nothing, as for `AtomicFile`.
public final class PendingFile {
    public let target: String
    public let temporary: String
    let what: String
    private var settled = false

    public init(target: String, what: String) throws(AtomicFile.Failure) {
        try AtomicFile.checkTarget(target, what: what)
        self.target = target
        self.what = what
        temporary = AtomicFile.temporaryName(beside: target)
        TempFileGuard.arm(temporary, slot: .long)
    }

    /// Moves the finished file over the target.
    public func commit() throws(AtomicFile.Failure) {
        guard !settled else { return }
        settled = true
        defer { TempFileGuard.disarm(.long) }
        var st = stat()
        if lstat(target, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            // Something replaced the target while the file was written: it is not ours to replace.
            unlink(temporary)
            throw .target(path: target, problem: .kind(st.st_mode), what: what)
        }
        if rename(temporary, target) != 0 {
            let e = errno
            unlink(temporary)
            throw .rename(path: target, reason: String(cString: strerror(e)), what: what)
        }
    }

    /// Removes the temporary file; the target is left as it was.
    public func abandon() {
        guard !settled else { return }
        settled = true
        unlink(temporary)
        TempFileGuard.disarm(.long)
    }

    deinit { abandon() }
}
