/// A k × n matrix stored as Gemm's zero-padded column panels (nr columns each, k × nr contiguous),
/// so a product with a few rows of A streams it front to back.
package struct PackedMatrix: Sendable, Equatable {
    package let rows: Int
    package let cols: Int
    package let nr: Int
    package let panels: [Float]

    /// Packs a row-major k × n matrix, in panels `panelWidth` wide (8, 16 or 32; by default
    /// what `Gemm.multiply` would choose).
    package init(_ m: Matrix, panelWidth: Int? = nil) {
        rows = m.rows
        cols = m.cols
        nr = panelWidth ?? Gemm.panelWidth(m.cols)
        let count = ((m.cols + nr - 1) / nr) * m.rows * nr
        let (r, c, w) = (m.rows, m.cols, nr)
        panels = [Float](unsafeUninitializedCapacity: max(1, count)) { buf, n in
            m.storage.withUnsafeBufferPointer { src in
                if let s = src.baseAddress, let d = buf.baseAddress, count > 0 {
                    Gemm.pack(b: s, bRow: c, bCol: 1, scale: 1, n: c, k: r, nr: w, into: d)
                }
            }
            n = count
        }
    }

    /// Packs a k × n matrix given by its columns (`column(j)` points at column j's k values, as a
    /// PyTorch out × in weight holds each output's row): no transposed copy is made first.
    package init(rows k: Int, cols n: Int, panelWidth: Int, column: (Int) -> UnsafePointer<Float>) {
        rows = k
        cols = n
        nr = panelWidth
        let w = panelWidth
        let panelCount = (n + w - 1) / w
        let count = panelCount * k * w
        panels = [Float](unsafeUninitializedCapacity: max(1, count)) { buf, filled in
            guard let d = buf.baseAddress, count > 0 else {
                filled = 0
                return
            }
            for panel in 0..<panelCount {
                let dst = d + panel * k * w
                let width = min(w, n - panel * w)
                if width < w {
                    for p in 0..<k { (dst + p * w + width).initialize(repeating: 0, count: w - width) }
                }
                for j in 0..<width {
                    let src = column(panel * w + j)
                    for p in 0..<k { (dst + p * w + j).initialize(to: src[p]) }
                }
            }
            filled = count
        }
    }

    /// The row-major matrix again (the inspector shows the inspected layer's weights).
    package func unpacked() -> Matrix {
        let (rows, cols, nr) = (self.rows, self.cols, self.nr)
        let storage = [Float](unsafeUninitializedCapacity: rows * cols) { buf, n in
            panels.withUnsafeBufferPointer { src in
                guard let d = buf.baseAddress, let s = src.baseAddress else { return }
                for p in 0..<((cols + nr - 1) / nr) {
                    let width = min(nr, cols - p * nr)
                    for r in 0..<rows {
                        (d + r * cols + p * nr).initialize(from: s + (p * rows + r) * nr, count: width)
                    }
                }
            }
            n = rows * cols
        }
        return Matrix(rows: rows, cols: cols, storage: storage)
    }
}
