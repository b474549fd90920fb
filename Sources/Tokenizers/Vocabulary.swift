import ModelFormats

/// vocab.txt: one word piece a line, its id the line number.
///
/// Keys are the exact UTF-8 bytes: Swift's `String` equality is canonical equivalence, so two
/// distinct vocab lines that differ only in normalization would otherwise collide.
public struct Vocabulary: Equatable, Sendable {
    /// Piece → id (the tokenizer's WordPiece model reads this very table).
    let ids: [PieceKey: Int]
    public private(set) var pieces: [String]
    public let unk: Int, cls: Int, sep: Int
    public let pad: Int?, mask: Int?

    public var count: Int { pieces.count }

    /// Lines as BERT reads them: split at line ends (LF, or CRLF as a file saved on Windows has:
    /// the CR is not part of the piece), trailing line end only removed; a later duplicate wins.
    public init(text: String) throws(ModelError) {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw .vocabulary("empty") }
        var ids: [PieceKey: Int] = [:]
        ids.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() { ids[PieceKey(line)] = i }
        func special(_ s: String) throws(ModelError) -> Int {
            guard let id = ids[PieceKey(s)] else { throw .vocabulary("has no \(s) token") }
            return id
        }
        self.ids = ids
        pieces = lines
        unk = try special("[UNK]")
        cls = try special("[CLS]")
        sep = try special("[SEP]")
        pad = ids[PieceKey("[PAD]")]
        mask = ids[PieceKey("[MASK]")]
    }

    public func id(_ piece: String) -> Int? { ids[PieceKey(piece)] }
}
