#if canImport(Glibc)
    import Glibc
#endif

/// Why a path cannot be read or written as the app needs, named for what it really is.
public enum FileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case missing
    case danglingSymlink
    case symlinkLoop
    case folder
    case fifo
    case device
    case socket
    case symlink
    case notRegular
    case permissionDenied
    case emptyName
    /// A regular file where a folder is wanted.
    case notFolder
    case tooLarge(size: Int, limit: Int)
    case system(String)

    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .danglingSymlink: return "it is a symbolic link to nothing (its target does not exist)"
        case .symlinkLoop: return "it is a loop of symbolic links"
        case .folder: return "it is a folder"
        case .fifo: return "it is a FIFO (named pipe), not a file"
        case .device: return "it is a device, not a file"
        case .socket: return "it is a socket, not a file"
        case .symlink: return "it is a symbolic link; AttnViz only replaces regular files"
        case .notRegular: return "it is not a regular file"
        case .permissionDenied: return "permission denied"
        case .emptyName: return "the file name is empty"
        case .notFolder: return "it is a file, not a folder"
        case .tooLarge(let size, let limit): return "it is \(byteSize(size)); at most \(byteSize(limit)) are read"
        case .system(let reason): return reason
        }
    }

    /// The kind of an existing non-regular file from its mode.
    public static func kind(_ mode: mode_t) -> FileProblem {
        switch mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFIFO: return .fifo
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        case S_IFLNK: return .symlink
        default: return .notRegular
        }
    }

    /// From errno after open/stat failed on `path`.
    public static func fromErrno(_ e: Int32, path: String) -> FileProblem {
        switch e {
        case ENOENT:
            var st = stat()
            return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK ? .danglingSymlink : .missing
        case ELOOP: return .symlinkLoop
        case EACCES, EPERM: return .permissionDenied
        case EISDIR: return .folder
        case ENXIO: return .fifo
        default: return .system(String(cString: strerror(e)))
        }
    }
}

/// "812 bytes", "4.0 MB", "1.2 GB": sizes as a person reads them in one error line.
public func byteSize(_ n: Int) -> String {
    if n < 1 << 20 { return n < 10_000 ? "\(n) bytes" : "\(n >> 10) KB" }
    let mb = Double(n) / Double(1 << 20)
    if mb < 1024 { return mb < 100 ? "\((mb * 10).rounded() / 10) MB" : "\(Int(mb.rounded())) MB" }
    return "\((mb / 1024 * 10).rounded() / 10) GB"
}

extension FileProblem {
    /// What is at `path` when a folder is wanted there: nil for a folder (through links), else
    /// what it really is (missing, a loop of links, a dangling link, a FIFO, a device; a regular
    /// file is `.notFolder`).
    public static func folder(at path: String) -> FileProblem? {
        guard !path.isEmpty else { return .emptyName }
        var st = stat()
        guard stat(path, &st) == 0 else { return .fromErrno(errno, path: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return nil }
        return (st.st_mode & S_IFMT) == S_IFREG ? .notFolder : .kind(st.st_mode)
    }

    /// As `description`, where a folder was wanted (what `folder(at:)` found): a FIFO, a device
    /// or a socket is not a folder, whatever else it is not.
    public var descriptionWhereAFolderIsWanted: String {
        switch self {
        case .fifo: return "it is a FIFO (named pipe), not a folder"
        case .device: return "it is a device, not a folder"
        case .socket: return "it is a socket, not a folder"
        case .notRegular: return "it is not a folder"
        default: return description
        }
    }
}
