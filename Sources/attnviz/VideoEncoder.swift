import AttentionCore
import Foundation
import SafeFiles

/// Frames piped to ffmpeg as raw BGRA (what 0xAARRGGBB is in memory), encoded to H.264: no
/// frame sits on disk. After encoding, ffprobe counts the frames the file really holds.
///
/// ffmpeg writes to a temporary name beside the target (`PendingFile`), which is renamed over
/// it only when the video is finished and checked: a failure, a full disk or Ctrl+C leaves the
/// old file as it was and nothing half-written. Links, devices, FIFOs and folders are refused
/// as targets, as for every other output.
final class VideoEncoder {
    let path: String
    private let file: PendingFile
    private let process = Process()
    private let input: FileHandle
    private let errors = Pipe()

    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func start(path: String, width: Int, height: Int, fps: Int) -> Result<VideoEncoder, RunError> {
        do {
            return .success(try VideoEncoder(path: path, width: width, height: height, fps: fps))
        } catch {
            return .failure(error)
        }
    }

    private init(path: String, width: Int, height: Int, fps: Int) throws(RunError) {
        guard let ffmpeg = VideoEncoder.tool("ffmpeg"), VideoEncoder.tool("ffprobe") != nil else {
            throw RunError(
                description:
                    "--video needs ffmpeg and ffprobe: install them with 'make record-deps' (Debian's ffmpeg package)")
        }
        // The target's kind first (a device, a link, a folder say what they are), then its name.
        do {
            file = try PendingFile(target: path, what: "video")
        } catch {
            throw RunError(description: error.description)
        }
        let container: String
        do {
            container = try VideoEncoder.container(path)
        } catch {
            file.abandon()
            throw error
        }
        self.path = path
        let pipe = Pipe()
        input = pipe.fileHandleForWriting
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgra",
            "-s", "\(width)x\(height)", "-r", "\(fps)", "-i", "-",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        ]
        process.arguments! +=
            (container == "matroska" ? [] : ["-movflags", "+faststart"]) + ["-f", container, file.temporary]
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            file.abandon()
            throw RunError(description: "cannot start ffmpeg: \(error.localizedDescription)")
        }
    }

    /// The muxer for the target's extension; H.264 goes in these three.
    static func container(_ path: String) throws(RunError) -> String {
        switch path.split(separator: "/").last?.split(separator: ".").last?.lowercased() ?? "" {
        case "mp4", "m4v": return "mp4"
        case "mov": return "mov"
        case "mkv": return "matroska"
        default:
            throw RunError(
                description:
                    "--video '\(shortened(path, limit: 120))': the name must end in .mp4, .mov or .mkv (H.264 video)")
        }
    }

    /// One frame, top row first.
    func write(_ argb: [UInt32]) throws(RunError) {
        let data = argb.withUnsafeBytes { Data($0) }
        do {
            try input.write(contentsOf: data)
        } catch {
            throw RunError(description: "ffmpeg stopped taking frames: \(lastError())")
        }
    }

    /// Closes the stream, waits for ffmpeg, and returns how many frames the file holds and
    /// how long it plays (both read back from the file by ffprobe).
    func finish() throws(RunError) -> (frames: Int, seconds: Double) {
        try? input.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunError(description: "ffmpeg failed (\(process.terminationStatus)): \(lastError())")
        }
        guard let ffprobe = VideoEncoder.tool("ffprobe") else { throw RunError(description: "ffprobe is missing") }
        let probe = Process()
        let out = Pipe()
        probe.executableURL = URL(fileURLWithPath: ffprobe)
        probe.arguments = [
            "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
            "stream=nb_read_frames,duration:format=duration",
            "-of", "default=noprint_wrappers=1", file.temporary,
        ]
        probe.standardOutput = out
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch {
            throw RunError(description: "cannot run ffprobe: \(error.localizedDescription)")
        }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        var frames: Int?
        var seconds: Double?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "nb_read_frames" { frames = Int(parts[1]) }
            // Matroska keeps the duration in the container, not the stream ("N/A" there).
            if parts[0] == "duration", let d = Double(parts[1]) { seconds = seconds ?? d }
        }
        guard let frames, let seconds else {
            throw RunError(description: "ffprobe could not read the frames and duration of \(path)")
        }
        return (frames, seconds)
    }

    /// Puts the finished, checked video at its name.
    func commit() throws(RunError) {
        do { try file.commit() } catch { throw RunError(description: error.description) }
    }

    /// Stops ffmpeg after a failure and removes what it wrote; the target keeps what it held.
    func abandon() {
        try? input.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        file.abandon()
    }

    private func lastError() -> String {
        let text = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
        // ffmpeg names the file it writes, which is the temporary one: say the user's name.
        let line = (text.split(separator: "\n").last.map(String.init) ?? "no message")
            .replacingOccurrences(of: file.temporary, with: path)
        return shortened(line, limit: 200)
    }
}
