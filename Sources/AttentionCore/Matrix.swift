/// A dense row-major matrix of `Float`, the currency of every intermediate in a trace.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major storage: element (r, c) is at `r * cols + c`.
    public var storage: [Float]

    public init(rows: Int, cols: Int, storage: [Float]) {
        precondition(rows >= 0 && cols >= 0 && storage.count == rows * cols, "matrix shape mismatch")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.init(rows: rows, cols: cols, storage: [Float](repeating: value, count: rows * cols))
    }

    /// Builds a matrix from nested rows; every row must have the same length.
    public init(_ rowArrays: [[Float]]) {
        let cols = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(rows: rowArrays.count, cols: cols, storage: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, col: Int) -> Float {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    public func row(_ r: Int) -> ArraySlice<Float> {
        storage[(r * cols)..<((r + 1) * cols)]
    }

    /// The rows as nested arrays (for JSON and tests).
    public var rowArrays: [[Float]] {
        (0..<rows).map { Array(row($0)) }
    }

    /// Columns `[start, start + count)` as a new matrix (a head's slice of Q, K or V).
    public func columns(_ start: Int, count: Int) -> Matrix {
        precondition(start >= 0 && count >= 0 && start + count <= cols)
        let out = [Float](unsafeUninitializedCapacity: rows * count) { buf, initialized in
            storage.withUnsafeBufferPointer { src in
                for r in 0..<rows {
                    guard let d = buf.baseAddress, let s = src.baseAddress else { break }
                    (d + r * count).initialize(from: s + r * cols + start, count: count)
                }
            }
            initialized = rows * count
        }
        return Matrix(rows: rows, cols: count, storage: out)
    }

    /// Smallest and largest element; (0, 0) for an empty matrix.
    public var range: (min: Float, max: Float) {
        guard var lo = storage.first else { return (0, 0) }
        var hi = lo
        for v in storage {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        return (lo, hi)
    }
}
