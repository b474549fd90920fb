import AttentionCore
import Exports
import Foundation
import SafeFiles

#if canImport(Glibc)
    import Glibc
#endif

/// The folder a recording writes its frames into: made if missing, locked against a second
/// recording for as long as this one runs, and left holding exactly this recording's frames.
///
/// What a recording wrote is listed in the folder's `.attnviz-recording`; only regular files
/// that list names are ever removed or replaced. A frame name already taken by anything else
/// (another program's `cue-004.bmp`, a FIFO, a link) stops the recording with its name, and
/// a recording that fails removes the frames it wrote. Nothing else in the folder is touched.
final class RecordingFolder {
    let path: String
    private let lock: FolderLock
    private var written: Set<String> = []
    /// The frames an earlier recording listed as its own.
    private let owned: Set<String>
    /// Whether this recording made the folder (a failed one then takes it away again).
    private let created: Bool

    static let manifestName = ".attnviz-recording"

    init(_ path: String) throws(RunError) {
        var st = stat()
        created = stat(path, &st) != 0
        if let problem = RecordingFolder.make(path) { throw RunError(description: problem) }
        do {
            lock = try FolderLock(folder: path)
        } catch {
            throw RunError(description: error.description)
        }
        self.path = path
        owned = RecordingFolder.readManifest(path + "/" + RecordingFolder.manifestName)
    }

    func write(_ bmp: [UInt8], name: String) throws(RunError) {
        let target = path + "/" + name
        if !owned.contains(name) && !written.contains(name), let type = RecordingFolder.fileType(target) {
            let kind = type == S_IFREG ? "a file" : FileProblem.kind(type).description
            throw RunError(
                description: "\(shortened(target, limit: 160)) already exists (\(kind)) and no earlier recording "
                    + "into this folder wrote it; AttnViz replaces only its own frames: move it or choose another --out"
            )
        }
        // Listed before it is written: a recording killed halfway still owns what it left.
        if !owned.contains(name) && !written.contains(name) { appendToManifest(name) }
        do {
            try BMPFile.writeAtomically(bmp, to: target, what: "frame")
        } catch {
            throw RunError(description: error.description)
        }
        written.insert(name)
    }

    /// Whether a file name is one a recording writes.
    static func isFrameName(_ name: String) -> Bool {
        for prefix in ["frame-", "cue-"] where name.hasPrefix(prefix) && name.hasSuffix(".bmp") {
            let digits = name.dropFirst(prefix.count).dropLast(4)
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    /// After a finished recording: the frames of an earlier one that this one did not replace,
    /// then the list of this one's. Returns how many were removed.
    @discardableResult
    func removeStale() -> Int {
        var removed = 0
        for name in owned.subtracting(written) where RecordingFolder.isRegularFile(path + "/" + name) {
            if unlink(path + "/" + name) == 0 { removed += 1 }
        }
        writeManifest(written)
        return removed
    }

    /// After a failed recording: the frames it wrote, and the folder if it made it (an unfinished
    /// recording is not left behind). What the earlier recording still has there stays listed.
    func removeWritten() {
        for name in written { unlink(path + "/" + name) }
        let left = owned.subtracting(written)
        written.removeAll()
        if created {
            unlink(path + "/" + RecordingFolder.manifestName)
            rmdir(path)
        } else {
            writeManifest(left)
        }
    }

    /// The file type bits of what is at `path`, a link not followed; nil when nothing is.
    static func fileType(_ path: String) -> mode_t? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return st.st_mode & S_IFMT
    }

    static func isRegularFile(_ path: String) -> Bool { fileType(path) == S_IFREG }

    /// The frame names an earlier recording listed; nothing when the list is missing or unreadable.
    static func readManifest(_ path: String) -> Set<String> {
        guard isRegularFile(path), case .success(let bytes) = RegularFile.read(path, limit: 1 << 22)
        else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        return Set(lines.filter(isFrameName))
    }

    private func appendToManifest(_ name: String) {
        let fd = open(
            path + "/" + RecordingFolder.manifestName, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let line = Array((name + "\n").utf8)
        _ = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    private func writeManifest(_ names: Set<String>) {
        let target = path + "/" + RecordingFolder.manifestName
        guard !names.isEmpty else {
            if RecordingFolder.isRegularFile(target) { unlink(target) }
            return
        }
        let text = names.sorted().joined(separator: "\n") + "\n"
        try? AtomicFile.write(Array(text.utf8), to: target, what: "recording list")
    }

    /// Makes the folder if missing; what is wrong otherwise.
    static func make(_ path: String) -> String? {
        switch FileProblem.folder(at: path) {
        case nil: return nil
        case .missing?: break
        case let problem?: return "--out '\(shortened(path, limit: 120))': \(problem.descriptionWhereAFolderIsWanted)"
        }
        return mkdir(path, 0o755) == 0
            ? nil : "cannot create --out folder '\(shortened(path, limit: 120))': \(String(cString: strerror(errno)))"
    }
}
