import AttentionCore
import ModelFormats

/// SentencePiece's BPE as llama.cpp runs a GGUF vocabulary of `tokenizer.ggml.model = llama`
/// (Llama 2, TinyLlama, Mistral, Phi-3, Gemma): the text, spaces already ▁, starts as one symbol
/// per character; the adjacent pair whose joined text is a piece with the highest score merges
/// first (the leftmost of equal scores), until no pair is a piece. A symbol that is no piece
/// becomes its bytes' `<0xNN>` pieces. There are no merge rules: the scores are the ranks.
struct SentencePieceModel: TokenizerModel {
    let vocabulary: [PieceKey: Int]
    let scores: [Float]
    /// byte → its `<0xNN>` piece (or the byte itself as a piece), when the vocabulary has one.
    let byteIDs: [Int?]
    let unknown: Int?

    /// Pieces in id order with their scores. As in llama.cpp, a piece named twice is found by its
    /// last id; a NaN score ranks below every other.
    init(pieces: [String], scores given: [Float], unknown: Int?) {
        var vocabulary: [PieceKey: Int] = [:]
        vocabulary.reserveCapacity(pieces.count)
        for (i, p) in pieces.enumerated() { vocabulary[PieceKey(p)] = i }
        self.vocabulary = vocabulary
        scores = (0..<pieces.count).map { i in i < given.count && !given[i].isNaN ? given[i] : -.infinity }
        byteIDs = (0..<256).map { b in
            vocabulary[PieceKey(ByteFallback.piece(UInt8(b)))]
                ?? (b < 0x80 ? vocabulary[PieceKey(String(UnicodeScalar(UInt8(b))))] : nil)
        }
        self.unknown = unknown
    }

    private struct Symbol {
        var start: Int
        var count: Int
        var prev: Int
        var next: Int
    }

    private struct Bigram {
        let score: Float
        let left: Int
        let right: Int
        let size: Int

        /// Pops first: the higher score, then the one further left.
        func before(_ o: Bigram) -> Bool { score > o.score || (score == o.score && left < o.left) }
    }

    func tokenize(_ word: String) -> [Int] {
        let bytes = Array(word.utf8)
        guard !bytes.isEmpty else { return [] }
        var symbols: [Symbol] = []
        var i = 0
        for scalar in word.unicodeScalars {
            let n = UTF8.width(scalar)
            symbols.append(
                Symbol(start: i, count: n, prev: symbols.count - 1, next: i + n < bytes.count ? symbols.count + 1 : -1))
            i += n
        }
        func text(_ start: Int, _ count: Int) -> PieceKey {
            PieceKey(String(decoding: bytes[start..<(start + count)], as: UTF8.self))
        }
        var queue = Heap<Bigram> { $0.before($1) }
        /// Where a merged text came from, to split a symbol that is no piece back into its halves.
        var formed: [PieceKey: (Int, Int)] = [:]
        func tryPair(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let size = symbols[left].count + symbols[right].count
            let key = text(symbols[left].start, size)
            guard let id = vocabulary[key] else { return }
            queue.push(Bigram(score: scores[id], left: left, right: right, size: size))
            formed[key] = (left, right)
        }
        for s in 1..<symbols.count { tryPair(s - 1, s) }
        while let b = queue.pop() {
            let (l, r) = (symbols[b.left], symbols[b.right])
            guard l.count > 0, r.count > 0, l.count + r.count == b.size else { continue }
            symbols[b.left].count += r.count
            symbols[b.right].count = 0
            symbols[b.left].next = r.next
            if r.next >= 0 { symbols[r.next].prev = b.left }
            tryPair(symbols[b.left].prev, b.left)
            tryPair(b.left, symbols[b.left].next)
        }
        var out: [Int] = []
        func emit(_ s: Symbol, depth: Int) {
            let key = text(s.start, s.count)
            if let id = vocabulary[key] {
                out.append(id)
            } else if depth < 64, let (a, b) = formed[key] {
                emit(symbols[a], depth: depth + 1)
                emit(symbols[b], depth: depth + 1)
            } else {
                for byte in bytes[s.start..<(s.start + s.count)] {
                    if let id = byteIDs[Int(byte)] ?? unknown { out.append(id) }
                }
            }
        }
        var s = 0
        while s >= 0 {
            emit(symbols[s], depth: 0)
            s = symbols[s].next
        }
        return out
    }
}

/// A binary heap: `first(a, b)` says a pops before b.
struct Heap<Element> {
    private var items: [Element] = []
    private let first: (Element, Element) -> Bool

    init(_ first: @escaping (Element, Element) -> Bool) { self.first = first }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard first(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let (l, r) = (2 * i + 1, 2 * i + 2)
                var best = i
                if l < items.count && first(items[l], items[best]) { best = l }
                if r < items.count && first(items[r], items[best]) { best = r }
                if best == i { break }
                items.swapAt(i, best)
                i = best
            }
        }
        return top
    }
}
