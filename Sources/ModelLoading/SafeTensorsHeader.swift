import Decoders
import Encoders
import Foundation
import ModelFormats
import SafeFiles
import Tokenizers

#if canImport(Glibc)
    import Glibc
#endif

/// A folder's model.safetensors checked as the loader would, from its length and header alone:
/// `attnviz models` must not list a link to /dev/zero, a FIFO or a truncated file as openable.
enum SafeTensorsHeader {
    /// Why the file would not open, or nil.
    static func problem(_ path: String) -> ModelError? {
        let label = "model.safetensors"
        switch RegularFile.open(path) {
        case .failure(let p): return .file("\(label): \(p)")
        case .success((let fd, let size)):
            defer { close(fd) }
            var start = [UInt8](repeating: 0, count: min(size, 8))
            if let p = start.withUnsafeMutableBytes({
                ModelFolder.readFully(fd, into: $0.baseAddress!, count: $0.count)
            }) {
                return .file("\(label): \(p)")
            }
            if start.count == 8 {
                var length = 0
                for i in 0..<8 { length |= Int(start[i]) << (8 * i) }
                if length >= 0, length <= min(SafeTensorsIndex.maxHeaderBytes, size - 8) {
                    start += [UInt8](repeating: 0, count: length)
                    let p = start.withUnsafeMutableBytes {
                        ModelFolder.readFully(fd, into: $0.baseAddress! + 8, count: length)
                    }
                    if let p { return .file("\(label): \(p)") }
                }
            }
            do {
                _ = try start.withUnsafeBytes { (b) throws(ModelError) in try SafeTensorsIndex.parse(b, fileSize: size)
                }
                return nil
            } catch let e as ModelError {
                return e
            } catch {
                return .file("\(label): \(error)")
            }
        }
    }
}
