import Foundation

/// Reads a lecture input from a file: UTF-8 text, at most 1 MiB, line breaks become spaces.
enum InputFile {
    static let maxBytes = 1 << 20

    static func read(_ path: String) -> Result<String, InputFileError> {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return .failure(.missing) }
        if attributes[.type] as? FileAttributeType == .typeDirectory { return .failure(.directory) }
        if let size = attributes[.size] as? Int, size > maxBytes { return .failure(.tooLarge(size)) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
        return .success(text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }
}

enum InputFileError: Error, CustomStringConvertible {
    case missing, directory, unreadable, notUTF8
    case tooLarge(Int)

    var description: String {
        switch self {
        case .missing: return "no such file"
        case .directory: return "it is a folder"
        case .unreadable: return "permission denied"
        case .notUTF8: return "it is not UTF-8 text"
        case let .tooLarge(n): return "it is \(n) bytes; inputs are at most \(InputFile.maxBytes)"
        }
    }
}
