import AttentionCore
import Synchronization

/// Pixels of recently drawn heatmap tiles, found by the storage of the weights they colour.
///
/// Most frames draw the tiles the last frame drew (a keystroke while the worker computes, the
/// caret, a hover, the old side of a cross-fade): the weights are then the very same arrays, and
/// recolouring them every frame was most of a frame's work (9 × 256² cells at 2048 tokens; 84
/// model tiles). An entry keeps the arrays it was made from alive, so an address seen again is
/// the same storage, hence the same values: what the memo returns is what recomputing would
/// give, and the display list stays a function of the state. Safe from any thread.
final class PixelMemo<Key: PixelMemoKey>: Sendable {
    private struct Store {
        var buckets: [UInt: [(key: Key, pixels: [UInt32])]] = [:]
        /// The weights address of each entry, oldest first.
        var order: [UInt] = []
    }

    let capacity: Int
    private let store = Mutex(Store())

    init(capacity: Int) { self.capacity = capacity }

    func pixels(_ key: Key, _ make: () -> [UInt32]) -> [UInt32] {
        let address = key.weights.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        if let hit = store.withLock({ $0.buckets[address]?.first { $0.key.matches(key) }?.pixels }) { return hit }
        let pixels = make()
        store.withLock { s in
            s.buckets[address, default: []].append((key, pixels))
            s.order.append(address)
            if s.order.count > capacity {
                let oldest = s.order.removeFirst()
                s.buckets[oldest]?.removeFirst()
                if s.buckets[oldest]?.isEmpty == true { s.buckets[oldest] = nil }
            }
        }
        return pixels
    }
}

/// What a memo entry was made from: the weights (found by their storage) and whatever else the
/// colouring read.
protocol PixelMemoKey: Sendable {
    var weights: [Float] { get }
    /// Same inputs: scalars equal, arrays the same storage.
    func matches(_ other: Self) -> Bool
}

/// Whether two arrays share their storage (and so, being values, hold the same elements).
func sameStorage<T>(_ a: [T], _ b: [T]) -> Bool {
    a.count == b.count
        && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
}

/// The heatmaps view's tiles (`drawCells`).
enum TilePixels {
    /// Tiles remembered: a compare view with 16 heads draws 34.
    static let memo = PixelMemo<Key>(capacity: 40)

    struct Key: PixelMemoKey {
        var weights: [Float]
        var maskedCells: [Bool]
        var segments: [Int]
        var table: [UInt32]
        var n: Int
        var rows: Range<Int>
        var columns: Range<Int>
        var invBits: UInt32
        var maskedARGB: UInt32
        var mask: MaskSpec
        var pool: Int
        var live: Int
        var pairFilter: PairFilter

        init(
            frame: DisplayFrame, weights: [Float], rows: Range<Int>, columns: Range<Int>, inv: Float, table: [UInt32],
            maskedARGB: UInt32
        ) {
            self.weights = weights
            maskedCells = frame.maskedCells
            segments = frame.segments
            self.table = table
            n = frame.n
            self.rows = rows
            self.columns = columns
            invBits = inv.bitPattern
            self.maskedARGB = maskedARGB
            mask = frame.mask
            pool = frame.pool
            live = frame.liveCount
            pairFilter = frame.pairFilter
        }

        /// Same inputs: scalars equal, arrays the same storage.
        func matches(_ o: Key) -> Bool {
            n == o.n && rows == o.rows && columns == o.columns && invBits == o.invBits && maskedARGB == o.maskedARGB
                && mask == o.mask && pool == o.pool && live == o.live && pairFilter == o.pairFilter
                && sameStorage(weights, o.weights) && sameStorage(maskedCells, o.maskedCells)
                && sameStorage(segments, o.segments) && sameStorage(table, o.table)
        }
    }
}

/// The model view's tiles: one layer's average, rollout or head.
struct ModelTileKey: PixelMemoKey {
    var weights: [Float]
    var table: [UInt32]

    func matches(_ o: ModelTileKey) -> Bool {
        sameStorage(weights, o.weights) && sameStorage(table, o.table)
    }

    /// Every tile of the largest model shown (12 layers × (2 + 12 heads)), old and new in a cross-fade.
    static let memo = PixelMemo<ModelTileKey>(capacity: 2 * 12 * 14)
}
