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
/// A frame file is named as only a recording names them (`frame-000123.bmp`, `cue-007.bmp`);
/// those of an earlier, longer recording are removed once this one has finished, and a recording
/// that fails removes the frames it wrote. Nothing else in the folder is touched.
final class RecordingFolder {
    let path: String
    private let lock: FolderLock
    private var written: Set<String> = []
    /// Whether this recording made the folder (a failed one then takes it away again).
    private let created: Bool

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
    }

    func write(_ bmp: [UInt8], name: String) throws(AtomicFile.Failure) {
        try BMPFile.writeAtomically(bmp, to: path + "/" + name, what: "frame")
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

    /// After a finished recording: the frames of an earlier one that this one did not replace.
    /// Returns how many were removed.
    @discardableResult
    func removeStale() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let stale = names.filter { RecordingFolder.isFrameName($0) && !written.contains($0) }
        for name in stale { unlink(path + "/" + name) }
        return stale.count
    }

    /// After a failed recording: the frames it wrote, and the folder if it made it (an unfinished
    /// recording is not left behind).
    func removeWritten() {
        for name in written { unlink(path + "/" + name) }
        written.removeAll()
        if created { rmdir(path) }
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
