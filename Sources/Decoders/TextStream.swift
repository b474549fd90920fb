import Encoders
import ModelFormats
import Tokenizers

/// Bytes in, whole characters out: a character split over two tokens is printed once both came.
public struct TextStream {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func add(_ bytes: [UInt8]) -> String {
        pending += bytes
        guard !pending.isEmpty else { return "" }
        var cut = pending.count
        // Hold back an unfinished UTF-8 sequence at the end (at most 3 bytes).
        for back in 1...min(3, pending.count) {
            let b = pending[pending.count - back]
            if b & 0xC0 == 0xC0 {
                let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if back < need { cut = pending.count - back }
                break
            }
            if b & 0x80 == 0 { break }
        }
        let s = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return s
    }

    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }
}
