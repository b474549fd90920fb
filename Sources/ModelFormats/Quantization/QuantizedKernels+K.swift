import AttentionCore
import CKernelTier

/// Generation against Q4_K matrices (most of a Q4_K_M file): one token, each 64 values expanded
/// in registers and used at once, never written out.
extension QuantizedKernels {
    typealias V = SIMD16<Float>

    /// y[r] = x·w[r] for `rows`, each row's sum one chain in `dot`'s order (the bits of the
    /// scratch path).
    static func directQ4K(
        _ x: UnsafeRawPointer, _ w: QuantizedMatrix, rows: Range<Int>, y: UnsafeMutablePointer<Float>,
        tier: KernelTier = .current
    ) {
        let blocks = w.cols / BlockQ4K.values
        let permutes = tier == .avx512 && attnviz_q4k_available() == 1
        for r in rows {
            let row = w.base + r * w.rowBytes
            var a = V()
            if permutes {
                // Each value picked from its sub-block's 16 by a permute (CKernelTier/q4k.h): the
                // same values in the same chain, about half the instructions; it asks for the
                // rows ahead block by block itself.
                withUnsafeMutableBytes(of: &a) { acc in
                    attnviz_q4k_row(
                        x.assumingMemoryBound(to: Float.self), row.assumingMemoryBound(to: UInt8.self), blocks,
                        acc.baseAddress!.assumingMemoryBound(to: Float.self))
                }
            } else {
                prefetchAhead(row, w.rowBytes)
                for b in 0..<blocks {
                    let p = row + BlockQ4K.bytes &* b
                    let f = BlockQ4K.factors(p)
                    for i in 0..<4 {
                        let xi = x + (1024 &* b &+ 256 &* i)
                        let u = BlockQ4K.lanes(p, pair: i, factors: f)
                        a = a.addingProduct(xi.loadUnaligned(as: V.self), u.0)
                        a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 64, as: V.self), u.1)
                        a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 128, as: V.self), u.2)
                        a = a.addingProduct(xi.loadUnaligned(fromByteOffset: 192, as: V.self), u.3)
                    }
                }
            }
            y[r] = hsum(a)
        }
    }
}

extension QuantizedKernels {
    /// The C kernel's name for `type`, when `directRows8` runs it (`CKernelTier/rows8.h`).
    static func rows8Kind(_ type: GGMLType) -> Int32? {
        switch type {
        case .q4K: Int32(ATTNVIZ_Q4K)
        case .q6K: Int32(ATTNVIZ_Q6K)
        case .q50: Int32(ATTNVIZ_Q50)
        case .q80: Int32(ATTNVIZ_Q80)
        case .q40: Int32(ATTNVIZ_Q40)
        case .q51: Int32(ATTNVIZ_Q51)
        case .iq4NL: Int32(ATTNVIZ_IQ4NL)
        case .iq4XS: Int32(ATTNVIZ_IQ4XS)
        default: nil
        }
    }

    /// Whether `directRows8` runs `type` here: where the 8-lane kernels (`CKernelTier/q4k_avx2.h`,
    /// `rows8.h`) measured faster than the 16-lane Swift ones (`attnviz-bench qmul`, one token
    /// against 16,384 × 2048 rows, both cores). On AVX-512 the Swift kernels stay for Q4_K
    /// (permutes, 23.7 G values/s), Q8_0 (17.9 against 10.3), Q4_0 (12.8 against 9.7) and, on
    /// both tiers, Q4_1 (AVX2 14.9 against 10.8).
    static func rows8(_ type: GGMLType, tier: KernelTier) -> Bool {
        guard attnviz_rows8_available() == 1, rows8Kind(type) != nil else { return false }
        switch tier {
        case .avx2: return true
        case .avx512: return ![.q4K, .q80, .q40].contains(type)
        case .portable: return false
        }
    }

    /// y[r] = x·w[r] four rows at a time, each row's 16 lanes two 8-lane chains in `dot`'s
    /// order, summed by `hsum`. One row at a time, a row's chains waited on their own
    /// multiply-adds: a 1B model's Q4_K generation ran at 10.6 tokens/s on AVX2, 15.3 this way
    /// (with the scales unpacked in registers).
    static func directRows8(
        _ x: UnsafeRawPointer, _ w: QuantizedMatrix, rows: Range<Int>, y: UnsafeMutablePointer<Float>
    ) {
        guard let kind = rows8Kind(w.type) else { return }  // `rows8` said yes: it has a kind
        let group = 4
        let ahead = max(ahead, group * w.rowBytes)
        let blocks = w.cols / w.type.blockSize
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: group) { acc in
            guard let a = acc.baseAddress else { return }
            var r = rows.lowerBound
            while r < rows.upperBound {
                let count = min(group, rows.upperBound - r)
                a.initialize(repeating: SIMD16<Float>(), count: group)
                UnsafeMutableRawPointer(a).withMemoryRebound(to: Float.self, capacity: 16 * group) { f in
                    let xf = x.assumingMemoryBound(to: Float.self)
                    let row = (w.base + r * w.rowBytes).assumingMemoryBound(to: UInt8.self)
                    attnviz_quant_rows8(kind, xf, row, w.rowBytes, Int32(count), blocks, ahead, f)
                }
                for i in 0..<count { y[r + i] = hsum(a[i]) }
                r += count
            }
        }
    }
}

extension QuantizedKernels {
    /// y[r] = x·w[r] for Q6_K rows (a Q4_K_M file's output matrix, half its V and down
    /// matrices): each 16 values made in registers and used at once, in `dot`'s order.
    static func directQ6K(_ x: UnsafeRawPointer, _ w: QuantizedMatrix, rows: Range<Int>, y: UnsafeMutablePointer<Float>)
    {
        let blocks = w.cols / BlockQ6K.values
        for r in rows {
            let row = w.base + r * w.rowBytes
            prefetchAhead(row, w.rowBytes)
            var a = V()
            for b in 0..<blocks {
                let p = row + BlockQ6K.bytes &* b
                let d = BlockQ6K.half(p, 208)
                let xb = x + 1024 &* b
                for c in 0..<16 {
                    a = a.addingProduct(
                        xb.loadUnaligned(fromByteOffset: 64 &* c, as: V.self), BlockQ6K.lanes(p, chunk: c, d: d))
                }
            }
            y[r] = hsum(a)
        }
    }
}

extension QuantizedKernels {
    /// Bytes ahead of a generated token's reads to ask memory for: the rows lie one after
    /// another, and the hardware's prefetcher alone left the weight loads waiting on memory
    /// (a 1B model's Q4_K generation went from 13.5 to 17.7 tokens/s with it).
    static let ahead = Int(ATTNVIZ_PREFETCH_AHEAD)

    /// Asks for the `count` bytes `ahead` of `row` (the rows to come), a cache line at a time.
    @inline(__always)
    static func prefetchAhead(_ row: UnsafeRawPointer, _ count: Int) {
        var o = 0
        while o < count {
            attnviz_prefetch(row + (ahead &+ o))
            o &+= 64
        }
    }
}
