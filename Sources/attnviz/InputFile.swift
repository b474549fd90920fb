import SafeFiles

/// Reads a lecture input from a file: UTF-8 text, at most 1 MiB, line breaks become spaces.
enum InputFile {
    static let maxBytes = 1 << 20

    /// The text, or why not: decided on what was opened (a symbolic link's target, not the link).
    static func read(_ path: String) -> Result<String, InputFileError> {
        switch RegularFile.read(path, limit: maxBytes) {
        case .failure(.tooLarge(let size, _)): return .failure(.tooLarge(size))
        case .failure(let problem): return .failure(.file(problem))
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
            return .success(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }
}

enum InputFileError: Error, CustomStringConvertible {
    case file(FileProblem)
    case notUTF8
    case tooLarge(Int)

    var description: String {
        switch self {
        case .file(let problem): return problem.description
        case .notUTF8: return "it is not UTF-8 text"
        case .tooLarge(let n): return "it is \(n) bytes; inputs are at most \(InputFile.maxBytes)"
        }
    }
}
