import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Tokenizers

/// One head's causal attention over the cache, for a range of new query rows.
///
/// Every number is computed in one fixed order, whatever the grouping: a score is `dot`'s
/// 16-lane chain and halving sum, a weighted value is a chain over the keys in order. Grouping
/// only runs independent chains side by side (four keys' scores at once, two query rows'
/// values at once), so that they hide each other's latency; a token appended alone still gets
/// exactly the numbers it gets inside a whole prompt.
extension DecoderBlock {
    /// Query rows `rows` of head `h` over its key/value head: scores, causal softmax, weighted
    /// values. Row i's weights start at i·(first + 1) + i·(i − 1)/2 in `weights`.
    static func head(
        _ h: Int, rows: Range<Int>, q: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>,
        v: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
        first: Int, hs: Int, kvWidth: Int, group: Int, width: Int, scale: Float, window: Int? = nil,
        softcap: Float? = nil
    ) {
        let g = h / group
        let kh = k + g * hs
        let vh = v + g * hs
        func weightsRow(_ i: Int) -> UnsafeMutablePointer<Float> { weights + (i * (first + 1) + i * (i - 1) / 2) }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: first + rows.upperBound) { sp in
            let s = sp.baseAddress!
            for i in rows {
                let keysSeen = first + i + 1
                scores(q + i * width + h * hs, kh, kvWidth, hs, keysSeen, scale, into: s)
                if let cap = softcap {
                    for j in 0..<keysSeen { s[j] = DecoderBlock.softcap(s[j], cap) }
                }
                let from = window.map { max(0, keysSeen - $0) } ?? 0
                Softmax.row(
                    scores: s, weights: weightsRow(i), n: keysSeen, visible: from..<keysSeen, invTemperature: 1)
            }
        }
        var i = rows.lowerBound
        // Two rows at once keep 8 sums of 16 lanes: 8 AVX-512 registers, but 16 of AVX2's 16.
        if hs == 64 && KernelTier.current == .avx512 {
            while i + 2 <= rows.upperBound {
                weightedValues64x2(
                    weightsRow(i), weightsRow(i + 1), first + i + 1, vh, kvWidth, into: out + i * width + h * hs,
                    out + (i + 1) * width + h * hs)
                i += 2
            }
        }
        while i < rows.upperBound {
            weightedValues(weightsRow(i), first + i + 1, vh, kvWidth, hs, into: out + i * width + h * hs)
            i += 1
        }
    }

    /// s[j] = (q · k_j) · scale for the first `keys` keys, four keys' chains at a time. A head
    /// size that is no multiple of 16 (a tiny teaching model's 4, 8 or 12) takes one key at a
    /// time, its last lanes zero-padded.
    @inline(__always)
    static func scores(
        _ q: UnsafeMutablePointer<Float>, _ k: UnsafeMutablePointer<Float>, _ stride: Int, _ hs: Int, _ keys: Int,
        _ scale: Float, into s: UnsafeMutablePointer<Float>
    ) {
        if hs % 16 != 0 {
            for j in 0..<keys { s[j] = QuantizedKernels.paddedDot(q, k + j &* stride, hs) * scale }
            return
        }
        let qr = UnsafeRawPointer(q)
        var j = 0
        while j + 4 <= keys {
            let k0 = UnsafeRawPointer(k + j &* stride)
            let k1 = UnsafeRawPointer(k + (j + 1) &* stride)
            let k2 = UnsafeRawPointer(k + (j + 2) &* stride)
            let k3 = UnsafeRawPointer(k + (j + 3) &* stride)
            var a0 = V()
            var a1 = V()
            var a2 = V()
            var a3 = V()
            var o = 0
            while o < hs &* 4 {
                let x = qr.loadUnaligned(fromByteOffset: o, as: V.self)
                a0 = a0.addingProduct(x, k0.loadUnaligned(fromByteOffset: o, as: V.self))
                a1 = a1.addingProduct(x, k1.loadUnaligned(fromByteOffset: o, as: V.self))
                a2 = a2.addingProduct(x, k2.loadUnaligned(fromByteOffset: o, as: V.self))
                a3 = a3.addingProduct(x, k3.loadUnaligned(fromByteOffset: o, as: V.self))
                o &+= 64
            }
            s[j] = QuantizedKernels.hsum(a0) * scale
            s[j + 1] = QuantizedKernels.hsum(a1) * scale
            s[j + 2] = QuantizedKernels.hsum(a2) * scale
            s[j + 3] = QuantizedKernels.hsum(a3) * scale
            j += 4
        }
        while j < keys {
            s[j] = QuantizedKernels.dot(q, k + j &* stride, hs) * scale
            j += 1
        }
    }

    /// Two consecutive query rows of a 64-wide head: row b sees one key more than row a. Each
    /// row's sums run over the keys in order, as `weightedValues` runs them.
    @inline(__always)
    static func weightedValues64x2(
        _ wa: UnsafeMutablePointer<Float>, _ wb: UnsafeMutablePointer<Float>, _ keys: Int,
        _ v: UnsafeMutablePointer<Float>, _ stride: Int, into oa: UnsafeMutablePointer<Float>,
        _ ob: UnsafeMutablePointer<Float>
    ) {
        var a0 = V()
        var a1 = V()
        var a2 = V()
        var a3 = V()
        var b0 = V()
        var b1 = V()
        var b2 = V()
        var b3 = V()
        for j in 0..<keys {
            let r = UnsafeRawPointer(v + j &* stride)
            let v0 = r.loadUnaligned(as: V.self)
            let v1 = r.loadUnaligned(fromByteOffset: 64, as: V.self)
            let v2 = r.loadUnaligned(fromByteOffset: 128, as: V.self)
            let v3 = r.loadUnaligned(fromByteOffset: 192, as: V.self)
            let x = V(repeating: wa[j])
            let y = V(repeating: wb[j])
            a0 = a0.addingProduct(x, v0)
            a1 = a1.addingProduct(x, v1)
            a2 = a2.addingProduct(x, v2)
            a3 = a3.addingProduct(x, v3)
            b0 = b0.addingProduct(y, v0)
            b1 = b1.addingProduct(y, v1)
            b2 = b2.addingProduct(y, v2)
            b3 = b3.addingProduct(y, v3)
        }
        let r = UnsafeRawPointer(v + keys &* stride)
        let y = V(repeating: wb[keys])
        b0 = b0.addingProduct(y, r.loadUnaligned(as: V.self))
        b1 = b1.addingProduct(y, r.loadUnaligned(fromByteOffset: 64, as: V.self))
        b2 = b2.addingProduct(y, r.loadUnaligned(fromByteOffset: 128, as: V.self))
        b3 = b3.addingProduct(y, r.loadUnaligned(fromByteOffset: 192, as: V.self))
        store64(oa, a0, a1, a2, a3)
        store64(ob, b0, b1, b2, b3)
    }

    @inline(__always)
    static func store64(_ o: UnsafeMutablePointer<Float>, _ v0: V, _ v1: V, _ v2: V, _ v3: V) {
        let p = UnsafeMutableRawPointer(o)
        p.storeBytes(of: v0, as: V.self)
        p.storeBytes(of: v1, toByteOffset: 64, as: V.self)
        p.storeBytes(of: v2, toByteOffset: 128, as: V.self)
        p.storeBytes(of: v3, toByteOffset: 192, as: V.self)
    }

    /// Σ_j w_j · v_j into `o`, lane by lane in key order; a 64-wide head (the common size) keeps
    /// its four sums in registers, any other goes through memory in the same order.
    @inline(__always)
    static func weightedValues(
        _ w: UnsafeMutablePointer<Float>, _ keys: Int, _ v: UnsafeMutablePointer<Float>, _ stride: Int, _ hs: Int,
        into o: UnsafeMutablePointer<Float>
    ) {
        let orow = UnsafeMutableRawPointer(o)
        if hs == 64 {
            var a0 = V()
            var a1 = V()
            var a2 = V()
            var a3 = V()
            for j in 0..<keys {
                let wj = V(repeating: w[j])
                let r = UnsafeRawPointer(v + j &* stride)
                a0 = a0.addingProduct(wj, r.loadUnaligned(as: V.self))
                a1 = a1.addingProduct(wj, r.loadUnaligned(fromByteOffset: 64, as: V.self))
                a2 = a2.addingProduct(wj, r.loadUnaligned(fromByteOffset: 128, as: V.self))
                a3 = a3.addingProduct(wj, r.loadUnaligned(fromByteOffset: 192, as: V.self))
            }
            store64(o, a0, a1, a2, a3)
            return
        }
        o.update(repeating: 0, count: hs)
        let whole = hs / 16 * 16
        for j in 0..<keys {
            let wj = V(repeating: w[j])
            let r = UnsafeRawPointer(v + j &* stride)
            for c in 0..<(hs / 16) {
                let acc = orow.loadUnaligned(fromByteOffset: 64 * c, as: V.self)
                orow.storeBytes(
                    of: acc.addingProduct(wj, r.loadUnaligned(fromByteOffset: 64 * c, as: V.self)),
                    toByteOffset: 64 * c, as: V.self)
            }
            let vj = v + j &* stride
            for c in whole..<hs { o[c] = o[c].addingProduct(w[j], vj[c]) }
        }
    }
}
