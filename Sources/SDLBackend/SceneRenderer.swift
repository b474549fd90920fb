import CSDL2
import VisualizerModel

/// Replays a display list on an SDL_Renderer: the only place draw commands become pixels.
public final class SceneRenderer {
    let renderer: OpaquePointer
    let fonts: FontCache
    let text: TextCache
    /// Output pixels per logical pixel (high-DPI windows have 2).
    public var scale: Float = 1
    private var clipStack: [SDL_Rect] = []
    private var heatmapPool: [HeatKey: [OpaquePointer]] = [:]
    private var heatmapUse: [HeatKey: Int] = [:]
    /// The frame each size of heatmap texture was last drawn in; sizes unused for
    /// `heatmapRetention` frames are freed (typing and zooming make new sizes all the time).
    private var heatmapLastFrame: [HeatKey: Int] = [:]
    /// What each heatmap texture holds (and whether all of it is opaque), so an unchanged tile
    /// is not uploaded again.
    private var heatmapContent: [UnsafeRawPointer: (pixels: [UInt32], opaque: Bool)] = [:]
    /// Heatmap textures uploaded since the renderer was made (tests check that unchanged tiles are not).
    public private(set) var heatmapUploads = 0
    private var frame = 0
    static let heatmapRetention = 30

    struct HeatKey: Hashable {
        var columns: Int32
        var rows: Int32
    }

    /// Wraps a renderer (not owned) with a font (owned caches).
    public init(renderer: OpaquePointer, fontPath: String, textCacheCapacity: Int = 2048) throws(SDLError) {
        self.renderer = renderer
        self.fonts = try FontCache(path: fontPath)
        self.text = TextCache(capacity: textCacheCapacity)
    }

    deinit {
        for list in heatmapPool.values { for t in list { SDL_DestroyTexture(t) } }
    }

    public var cachedTextCount: Int { text.count }

    /// The advances of the interface's characters in this font, for the model's layout: measured
    /// once at 100 px (each character alone, with the fallbacks the text would use).
    public private(set) lazy var textWidths: TextWidths = {
        let px = 100
        func table(bold: Bool) -> [Character: Float] {
            guard let font = fonts.font(size: px, bold: bold) else { return TextWidths.estimate.regular }
            let shaper = TextRenderer(font: font, emoji: fonts.emoji, fallbacks: fonts.fallbacks(size: px))
            var out: [Character: Float] = [:]
            for ch in TextWidths.interfaceCharacters { out[ch] = Float(shaper.measure(String(ch))) / Float(px) }
            return out
        }
        return TextWidths(regular: table(bold: false), bold: table(bold: true))
    }()

    /// Draws every command in order.
    public func replay(_ commands: [DrawCommand]) {
        clipStack.removeAll()
        SDL_RenderSetClipRect(renderer, nil)
        heatmapUse.removeAll(keepingCapacity: true)
        frame += 1
        for c in commands { draw(c) }
        SDL_RenderSetClipRect(renderer, nil)
        releaseStaleHeatmaps()
    }

    /// Frees the textures of heatmap sizes not drawn lately, and any a size no longer needs.
    func releaseStaleHeatmaps() {
        for (key, list) in heatmapPool {
            let used = heatmapUse[key, default: 0]
            if used > 0 { heatmapLastFrame[key] = frame }
            if frame - heatmapLastFrame[key, default: frame] >= SceneRenderer.heatmapRetention {
                for t in list {
                    heatmapContent[UnsafeRawPointer(t)] = nil
                    SDL_DestroyTexture(t)
                }
                heatmapPool[key] = nil
                heatmapLastFrame[key] = nil
            }
        }
    }

    func frect(_ r: Rect) -> SDL_FRect {
        SDL_FRect(x: r.x * scale, y: r.y * scale, w: r.width * scale, h: r.height * scale)
    }

    /// Opaque colours draw without blending: SDL's software renderer blends per pixel even at
    /// alpha 255, which made full-window fills the most expensive part of a frame.
    func setColor(_ c: RGBA) {
        SDL_SetRenderDrawBlendMode(renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a)
    }

    func draw(_ command: DrawCommand) {
        switch command {
        case .fillRect(let r, let c):
            guard c.a > 0, r.width > 0, r.height > 0 else { return }
            setColor(c)
            var f = frect(r)
            SDL_RenderFillRectF(renderer, &f)
        case .strokeRect(let r, let c, let w):
            guard c.a > 0 else { return }
            let t = max(1, w)
            draw(.fillRect(Rect(x: r.x, y: r.y, width: r.width, height: t), c))
            draw(.fillRect(Rect(x: r.x, y: r.maxY - t, width: r.width, height: t), c))
            draw(.fillRect(Rect(x: r.x, y: r.y + t, width: t, height: max(0, r.height - 2 * t)), c))
            draw(.fillRect(Rect(x: r.maxX - t, y: r.y + t, width: t, height: max(0, r.height - 2 * t)), c))
        case .line(let a, let b, let c, let w):
            drawLine(a, b, c, w)
        case .triangles(let vertices):
            drawTriangles(vertices)
        case .text(let item):
            drawText(item)
        case .heatmap(let r, let columns, let rows, let pixels, let opacity):
            drawHeatmap(r, columns: columns, rows: rows, pixels: pixels, opacity: opacity)
        case .pushClip(let r):
            var clip = SDL_Rect(
                x: Int32((r.x * scale).rounded(.down)), y: Int32((r.y * scale).rounded(.down)),
                w: Int32(max(0, (r.width * scale).rounded(.up))), h: Int32(max(0, (r.height * scale).rounded(.up))))
            if let top = clipStack.last {
                var out = SDL_Rect()
                var a = top
                if SDL_IntersectRect(&a, &clip, &out) == SDL_FALSE { out = SDL_Rect(x: clip.x, y: clip.y, w: 0, h: 0) }
                clip = out
            }
            clipStack.append(clip)
            applyClip()
        case .popClip:
            _ = clipStack.popLast()
            applyClip()
        }
    }

    func applyClip() {
        if var top = clipStack.last {
            // SDL treats an empty clip rect as "no clip"; clip to a 1-pixel corner off-screen instead.
            if top.w <= 0 || top.h <= 0 { top = SDL_Rect(x: -10, y: -10, w: 1, h: 1) }
            SDL_RenderSetClipRect(renderer, &top)
        } else {
            SDL_RenderSetClipRect(renderer, nil)
        }
    }

    func drawLine(_ a: Point, _ b: Point, _ c: RGBA, _ w: Float) {
        guard c.a > 0 else { return }
        if w <= 1.5 {
            setColor(c)
            SDL_RenderDrawLineF(renderer, a.x * scale, a.y * scale, b.x * scale, b.y * scale)
            return
        }
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len = (dx * dx + dy * dy).squareRoot()
        guard len > 0 else { return }
        let nx = -dy / len * w / 2
        let ny = dx / len * w / 2
        let p0 = Point(a.x + nx, a.y + ny)
        let p1 = Point(b.x + nx, b.y + ny)
        let p2 = Point(b.x - nx, b.y - ny)
        let p3 = Point(a.x - nx, a.y - ny)
        drawTriangles([Vertex(p0, c), Vertex(p1, c), Vertex(p2, c), Vertex(p0, c), Vertex(p2, c), Vertex(p3, c)])
    }

    func drawTriangles(_ vertices: [Vertex]) {
        let count = vertices.count / 3 * 3
        guard count > 0 else { return }
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND)
        var sdl = [SDL_Vertex]()
        sdl.reserveCapacity(count)
        for v in vertices.prefix(count) {
            sdl.append(
                SDL_Vertex(
                    position: SDL_FPoint(x: v.position.x * scale, y: v.position.y * scale),
                    color: SDL_Color(r: v.color.r, g: v.color.g, b: v.color.b, a: v.color.a),
                    tex_coord: SDL_FPoint(x: 0, y: 0)))
        }
        SDL_RenderGeometry(renderer, nil, sdl, Int32(count), nil, 0)
    }

    func drawText(_ item: TextItem) {
        guard item.color.a > 0, !item.string.isEmpty, item.size.isFinite, item.size > 0 else { return }
        let limit: Int
        if let mw = item.maxWidth {
            guard mw.isFinite, mw * scale >= 4 else { return }
            limit = Int(mw * scale)
        } else {
            limit = Int(Int32.max)
        }
        let px = Int((item.size * scale).rounded())
        guard px >= 4 else { return }
        let key = TextCache.Key(
            string: item.string, size: px, color: RGBA(item.color.r, item.color.g, item.color.b), bold: item.bold,
            maxWidth: limit)
        guard let e = text.texture(key, renderer: renderer, fonts: fonts) else { return }
        SDL_SetTextureAlphaMod(e.texture, item.color.a)
        let w = Float(e.width)
        let h = Float(e.height)
        // The box as it appears on screen (rotated boxes swap width and height).
        let bw = item.vertical ? h : w
        let bh = item.vertical ? w : h
        let ax = item.position.x * scale
        let ay = item.position.y * scale
        var x0: Float
        var y0: Float
        switch item.anchor {
        case .topLeft, .centerLeft, .bottomLeft: x0 = ax
        case .topCenter, .center, .bottomCenter: x0 = ax - bw / 2
        case .topRight, .centerRight, .bottomRight: x0 = ax - bw
        }
        switch item.anchor {
        case .topLeft, .topCenter, .topRight: y0 = ay
        case .centerLeft, .center, .centerRight: y0 = ay - bh / 2
        case .bottomLeft, .bottomCenter, .bottomRight: y0 = ay - bh
        }
        x0 = x0.rounded()
        y0 = y0.rounded()
        if item.vertical {
            // Rotate about the texture's centre; place that centre at the box's centre.
            var dst = SDL_FRect(x: x0 + bw / 2 - w / 2, y: y0 + bh / 2 - h / 2, w: w, h: h)
            SDL_RenderCopyExF(renderer, e.texture, nil, &dst, -90, nil, SDL_FLIP_NONE)
        } else {
            var dst = SDL_FRect(x: x0, y: y0, w: w, h: h)
            SDL_RenderCopyF(renderer, e.texture, nil, &dst)
        }
    }

    func drawHeatmap(_ r: Rect, columns: Int, rows: Int, pixels: [UInt32], opacity: Float = 1) {
        guard columns > 0, rows > 0, pixels.count == columns * rows, columns <= 16384, rows <= 16384 else { return }
        let alpha = UInt8(max(0, min(255, (opacity.isFinite ? opacity : 0) * 255)).rounded())
        guard alpha > 0 else { return }
        let key = HeatKey(columns: Int32(columns), rows: Int32(rows))
        let used = heatmapUse[key, default: 0]
        var list = heatmapPool[key, default: []]
        let tex: OpaquePointer
        if used < list.count {
            tex = list[used]
        } else {
            guard
                let t = SDL_CreateTexture(
                    renderer, attnviz_PIXELFORMAT_ARGB8888(), Int32(SDL_TEXTUREACCESS_STREAMING.rawValue),
                    Int32(columns), Int32(rows))
            else { return }
            SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND)
            SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest)
            list.append(t)
            heatmapPool[key] = list
            tex = t
        }
        heatmapUse[key] = used + 1
        // The same tile usually has the same pixels as last frame (a keystroke, a hover, the
        // caret): comparing is far cheaper than uploading them again, which a software GL
        // (llvmpipe under Xvfb) pays for at present time.
        let id = UnsafeRawPointer(tex)
        var content = heatmapContent[id]
        if content?.pixels != pixels {
            pixels.withUnsafeBytes { raw in
                _ = SDL_UpdateTexture(tex, nil, raw.baseAddress, Int32(columns * 4))
            }
            content = (pixels, pixels.allSatisfy { $0 >= 0xff00_0000 })
            heatmapContent[id] = content
            heatmapUploads += 1
        }
        SDL_SetTextureAlphaMod(tex, alpha)
        SDL_SetTextureBlendMode(tex, alpha == 255 && content?.opaque == true ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        var dst = frect(r)
        SDL_RenderCopyF(renderer, tex, nil, &dst)
    }
}
