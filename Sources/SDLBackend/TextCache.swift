import CSDL2
import VisualizerModel

/// Text rendered to textures, keyed by (string, size, colour, weight, width limit); bounded LRU.
final class TextCache {
    struct Key: Hashable {
        var string: String
        var size: Int
        var color: RGBA
        var bold: Bool
        var maxWidth: Int
    }

    final class Entry {
        let texture: OpaquePointer
        let width: Int32
        let height: Int32
        var lastUsed: UInt64
        init(texture: OpaquePointer, width: Int32, height: Int32, lastUsed: UInt64) {
            self.texture = texture; self.width = width; self.height = height; self.lastUsed = lastUsed
        }
        deinit { SDL_DestroyTexture(texture) }
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var misses = 0

    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    func clear() { entries.removeAll() }

    /// The texture of `key`, rendering (and ellipsizing to maxWidth) on a miss.
    func texture(_ key: Key, renderer: OpaquePointer, fonts: FontCache) -> Entry? {
        clock += 1
        if let e = entries[key] {
            e.lastUsed = clock
            return e
        }
        guard let font = fonts.font(size: key.size, bold: key.bold) else { return nil }
        let shaper = TextRenderer(font: font, emoji: fonts.emoji, fallbacks: fonts.fallbacks(size: key.size))
        let text = TextCache.fit(key.string, with: shaper, maxWidth: key.maxWidth)
        guard !text.isEmpty else { return nil }
        let color = SDL_Color(r: key.color.r, g: key.color.g, b: key.color.b, a: 255)
        guard let surface = shaper.render(text, color: color) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let tex = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND)
        misses += 1
        if entries.count >= capacity { evict() }
        let e = Entry(texture: tex, width: surface.pointee.w, height: surface.pointee.h, lastUsed: clock)
        entries[key] = e
        return e
    }

    /// Drops the least recently used quarter.
    private func evict() {
        let sorted = entries.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (k, _) in sorted.prefix(max(1, capacity / 4)) { entries[k] = nil }
    }

    /// The longest prefix (whole characters) plus "…" that fits; the string itself if it fits.
    static func fit(_ s: String, with shaper: TextRenderer, maxWidth: Int) -> String {
        guard maxWidth < Int(Int32.max) else { return s }
        if shaper.measure(s) <= maxWidth { return s }
        let chars = Array(s)
        var lo = 0, hi = chars.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if shaper.measure(String(chars[0..<mid]) + "…") <= maxWidth { lo = mid } else { hi = mid - 1 }
        }
        return lo == 0 ? "" : String(chars[0..<lo]) + "…"
    }
}
