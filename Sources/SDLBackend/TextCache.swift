import CSDL2
import VisualizerModel

/// Text rendered to textures, keyed by (string, size, colour, weight, width limit); an LRU
/// bounded by count and by pixels (the input line alone is a new wide texture per keystroke).
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
            self.texture = texture
            self.width = width
            self.height = height
            self.lastUsed = lastUsed
        }
        deinit { SDL_DestroyTexture(texture) }
    }

    let capacity: Int
    /// Texels kept at most (4 bytes each): 16 M texels is 64 MB.
    let texelBudget: Int
    private var texels = 0
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var misses = 0

    init(capacity: Int = 2048, texelBudget: Int = 16 << 20) {
        self.capacity = capacity
        self.texelBudget = texelBudget
    }

    var count: Int { entries.count }

    func clear() {
        entries.removeAll()
        texels = 0
    }

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
        let size = Int(surface.pointee.w) * Int(surface.pointee.h)
        if entries.count >= capacity || texels + size > texelBudget { evict() }
        let e = Entry(texture: tex, width: surface.pointee.w, height: surface.pointee.h, lastUsed: clock)
        entries[key] = e
        texels += size
        return e
    }

    /// Drops the least recently used quarter (of the entries, and until half the pixel budget is free).
    private func evict() {
        let sorted = entries.sorted { $0.value.lastUsed < $1.value.lastUsed }
        var dropped = 0
        for (k, e) in sorted {
            guard dropped < max(1, entries.count / 4) || texels > texelBudget / 2 else { break }
            texels -= Int(e.width) * Int(e.height)
            entries[k] = nil
            dropped += 1
        }
    }

    /// The longest prefix (whole characters) plus "…" that fits; the string itself if it fits.
    static func fit(_ s: String, with shaper: TextRenderer, maxWidth: Int) -> String {
        guard maxWidth < Int(Int32.max) else { return s }
        if shaper.measure(s) <= maxWidth { return s }
        let chars = Array(s)
        var lo = 0
        var hi = chars.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if shaper.measure(String(chars[0..<mid]) + "…") <= maxWidth { lo = mid } else { hi = mid - 1 }
        }
        return lo == 0 ? "" : String(chars[0..<lo]) + "…"
    }
}
