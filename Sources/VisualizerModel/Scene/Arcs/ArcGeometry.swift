import AttentionCore

/// A filled triangle pointing along (dx, dy) with its tip at `tip`.
func arrowHead(tip: Point, dx: Float, dy: Float, size: Float, color: RGBA) -> [Vertex] {
    let base = Point(tip.x - dx * size, tip.y - dy * size)
    return [
        Vertex(tip, color), Vertex(Point(base.x - dy * size * 0.55, base.y + dx * size * 0.55), color),
        Vertex(Point(base.x + dy * size * 0.55, base.y - dx * size * 0.55), color),
    ]
}

/// A smooth arc from `x0` to `x1` above the baseline, as a triangle strip of constant width.
/// `fraction` < 1 draws only the part nearest the query (the arc grows out of it).
func arcStrip(
    from x0: Float, to x1: Float, baseline: Float, area: Rect, fraction: Float, width: Float,
    color: RGBA, m: LayoutMetrics
) -> [Vertex] {
    let y0 = baseline - 2
    let span = abs(x1 - x0)
    let h = min(area.height - m.pad, max(m.base * 1.6, span * 0.55))
    var pts: [Point] = []
    let samples = 28
    if span < 0.5 {
        // A token attending to itself: a small loop above it.
        let r = m.base * 0.7
        for s in 0...samples {
            let t = Float(s) / Float(samples) * fraction
            let a = t * 2 * Float.pi
            pts.append(Point(x0 + r * 0.8 * sinApprox(a), y0 - r * (1 - cosApprox(a))))
        }
    } else {
        let p1 = Point(x0, y0 - h * 1.33)
        let p2 = Point(x1, y0 - h * 1.33)
        for s in 0...samples {
            let t = Float(s) / Float(samples) * fraction
            let u = 1 - t
            let x = u * u * u * x0 + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * x1
            let y = u * u * u * y0 + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * y0
            pts.append(Point(x, max(area.y, y)))
        }
    }
    // A core strip plus a one-pixel feather on each side that fades to transparent: the edges
    // are anti-aliased by the vertex colours, with no multisampling needed.
    var v: [Vertex] = []
    v.reserveCapacity(samples * 18)
    let clear = color.withAlpha(0)
    let core = max(0.5, width / 2 - 0.5)
    let outer = core + 1
    // One normal per point (from its neighbours), so consecutive segments share their edge
    // vertices: no overlaps that double the alpha and no gaps at the joints.
    var normals: [Point] = []
    normals.reserveCapacity(pts.count)
    for i in pts.indices {
        let a = pts[max(0, i - 1)]
        let b = pts[min(pts.count - 1, i + 1)]
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len = (dx * dx + dy * dy).squareRoot()
        normals.append(len > 1e-4 ? Point(-dy / len, dx / len) : (normals.last ?? Point(0, 1)))
    }
    func at(_ i: Int, _ d: Float) -> Point { Point(pts[i].x + normals[i].x * d, pts[i].y + normals[i].y * d) }
    for i in 0..<(pts.count - 1) {
        let j = i + 1
        let a0 = at(i, core)
        let a1 = at(i, -core)
        let b0 = at(j, core)
        let b1 = at(j, -core)
        let ao0 = at(i, outer)
        let ao1 = at(i, -outer)
        let bo0 = at(j, outer)
        let bo1 = at(j, -outer)
        v += [
            Vertex(a0, color), Vertex(b0, color), Vertex(b1, color), Vertex(a0, color), Vertex(b1, color),
            Vertex(a1, color),
        ]
        v += [
            Vertex(ao0, clear), Vertex(bo0, clear), Vertex(b0, color), Vertex(ao0, clear), Vertex(b0, color),
            Vertex(a0, color),
        ]
        v += [
            Vertex(a1, color), Vertex(b1, color), Vertex(bo1, clear), Vertex(a1, color), Vertex(bo1, clear),
            Vertex(ao1, clear),
        ]
    }
    return v
}

// MARK: - Trigonometry without Foundation

func sinApprox(_ x: Float) -> Float {
    let twoPi = 2 * Float.pi
    var r = x - (x / twoPi).rounded() * twoPi
    if r > Float.pi / 2 { r = Float.pi - r } else if r < -Float.pi / 2 { r = -Float.pi - r }
    let r2 = r * r
    return r * (1 - r2 / 6 * (1 - r2 / 20 * (1 - r2 / 42 * (1 - r2 / 72))))
}

func cosApprox(_ x: Float) -> Float {
    sinApprox(x + Float.pi / 2)
}
