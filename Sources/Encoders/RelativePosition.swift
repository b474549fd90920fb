import Foundation
import ModelFormats
import Tokenizers

/// T5's bidirectional relative-position buckets, as MPNet computes them: half the buckets for
/// keys before the query, half after; exact distances up to a quarter of the buckets, then
/// logarithmic up to 128, in float32 as torch does it (a bucket edge must fall where torch's does).
package enum RelativePosition {
    static let maxDistance: Float = 128

    static func bucket(_ relative: Int, buckets: Int) -> Int {
        let half = buckets / 2
        var out = 0
        var n = -relative
        if n < 0 { out += half }
        n = abs(n)
        let exact = half / 2
        if n < exact { return out + n }
        let ratio = Float(n) / Float(exact)
        let scaled = logf(ratio) / Float(log(Double(maxDistance) / Double(exact))) * Float(half - exact)
        return out + min(exact + Int(scaled), half - 1)
    }
}
