import Foundation

/// Runs a Python reference (numpy forward, Hugging Face's tokenizer) and returns its stdout.
/// A missing python3 or package fails the calling test with the reason; it never skips.
public enum Python {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(_ args: [String], stdin: String = "") throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
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
                description: "python3 \(args.first ?? "") failed (make test installs numpy and tokenizers): "
                    + String(decoding: e, as: UTF8.self).suffix(600))
        }
        return String(decoding: o, as: UTF8.self)
    }
}
