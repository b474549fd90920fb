import Foundation

/// Runs a Python reference (numpy forward, Hugging Face's tokenizer) with the project's
/// `.venv/bin/python` (which `make test` makes and fills) and returns its stdout. A missing
/// venv or package fails the calling test with the reason; it never skips.
public enum Python {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// The venv's interpreter, beside the checkout's Package.swift.
    public static var interpreter: String { RepoPaths.root() + "/.venv/bin/python" }

    public static func run(_ args: [String], stdin: String = "") throws -> String {
        let p = Process()
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw Failure(description: "\(interpreter) is missing: `make test` makes the project's venv and fills it")
        }
        p.executableURL = URL(fileURLWithPath: interpreter)
        p.arguments = args
        let input = Pipe()
        let out = Pipe()
        let err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(
                description: "\(interpreter) \(args.first ?? "") failed (make test installs its packages): "
                    + String(decoding: e, as: UTF8.self).suffix(600))
        }
        return String(decoding: o, as: UTF8.self)
    }
}
