import VisualizerModel

/// The display list as SVG: the same frame as the BMP, as vectors for slides and papers.
///
/// Rectangles, lines and arcs (triangle strips become paths, one per colour) stay vectors;
/// text stays text in the font family named, shortened to its width with the layout's
/// measurements as the window would; a heatmap of up to `maxCellElements` cells is one
/// rectangle per cell, a larger one an embedded BMP image. No SDL here: it only reads the list.
public enum SVGWriter {
    public static let maxCellElements = 4096

    public static func document(
        _ commands: [DrawCommand], width: Int, height: Int, text widths: TextWidths,
        fontFamily: String = "DejaVu Sans"
    ) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        out += "font-family=\"\(escape(fontFamily)), sans-serif\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#000000\"/>\n"
        var clips = 0
        var open = 0
        var pendingPath: (color: RGBA, d: String)?
        func flushPath() {
            guard let p = pendingPath else { return }
            out += "<path d=\"\(p.d)\"\(fill(p.color))/>\n"
            pendingPath = nil
        }
        for command in commands {
            if case .triangles = command {} else { flushPath() }
            switch command {
            case .fillRect(let r, let c):
                guard c.a > 0, r.width > 0, r.height > 0 else { continue }
                out +=
                    "<rect x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\"\(fill(c))/>\n"
            case .strokeRect(let r, let c, let w):
                guard c.a > 0 else { continue }
                out +=
                    "<rect x=\"\(n(r.x + w / 2))\" y=\"\(n(r.y + w / 2))\" width=\"\(n(max(0, r.width - w)))\" "
                    + "height=\"\(n(max(0, r.height - w)))\" fill=\"none\"\(stroke(c, w))/>\n"
            case .line(let a, let b, let c, let w):
                guard c.a > 0 else { continue }
                out += "<line x1=\"\(n(a.x))\" y1=\"\(n(a.y))\" x2=\"\(n(b.x))\" y2=\"\(n(b.y))\"\(stroke(c, w))/>\n"
            case .triangles(let vertices):
                // Per-vertex colours (the arcs' feathered edges) become one colour per triangle:
                // the strongest vertex's, at the vertices' mean opacity.
                var i = 0
                while i + 3 <= vertices.count {
                    let t = vertices[i..<(i + 3)]
                    let strongest = t.max { $0.color.a < $1.color.a }?.color ?? RGBA(0, 0, 0, 0)
                    let alpha = UInt8(t.reduce(0) { $0 + Int($1.color.a) } / 3)
                    i += 3
                    guard alpha > 0 else { continue }
                    let color = RGBA(strongest.r, strongest.g, strongest.b, alpha)
                    let d =
                        "M\(n(t[t.startIndex].position.x)) \(n(t[t.startIndex].position.y))"
                        + "L\(n(t[t.startIndex + 1].position.x)) \(n(t[t.startIndex + 1].position.y))"
                        + "L\(n(t[t.startIndex + 2].position.x)) \(n(t[t.startIndex + 2].position.y))Z"
                    if let p = pendingPath, p.color == color {
                        pendingPath?.d += d
                    } else {
                        flushPath()
                        pendingPath = (color, d)
                    }
                }
            case .text(let item):
                out += text(item, widths)
            case .heatmap(let r, let columns, let rows, let pixels, let opacity):
                guard columns > 0, rows > 0, pixels.count == columns * rows, opacity > 0 else { continue }
                if opacity < 1 { out += "<g opacity=\"\(n(opacity))\">\n" }
                out += heatmap(r, columns: columns, rows: rows, pixels: pixels)
                if opacity < 1 { out += "</g>\n" }
            case .pushClip(let r):
                clips += 1
                open += 1
                out +=
                    "<clipPath id=\"c\(clips)\"><rect x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(max(0, r.width)))\" "
                    + "height=\"\(n(max(0, r.height)))\"/></clipPath>\n<g clip-path=\"url(#c\(clips))\">\n"
            case .popClip:
                if open > 0 {
                    open -= 1
                    out += "</g>\n"
                }
            }
        }
        flushPath()
        out += String(repeating: "</g>\n", count: open)
        out += "</svg>\n"
        return out
    }

    // MARK: - Elements

    static func text(_ item: TextItem, _ widths: TextWidths) -> String {
        guard item.color.a > 0, !item.string.isEmpty, item.size.isFinite, item.size > 0 else { return "" }
        var s = item.string
        if let limit = item.maxWidth {
            guard limit >= 4 else { return "" }
            s = fit(s, size: item.size, bold: item.bold, in: limit, widths)
            if s.isEmpty { return "" }
        }
        let size = item.size.rounded()
        // The box the backend places is one line high (≈ 1.17 em: DejaVu's ascent + descent);
        // SVG places a baseline, and lets the renderer measure the width (text-anchor).
        let lineH = size * 1.17
        let ascent = size * 0.93
        let anchor: String
        switch item.anchor {
        case .topLeft, .centerLeft, .bottomLeft: anchor = "start"
        case .topCenter, .center, .bottomCenter: anchor = "middle"
        case .topRight, .centerRight, .bottomRight: anchor = "end"
        }
        var top: Float
        switch item.anchor {
        case .topLeft, .topCenter, .topRight: top = 0
        case .centerLeft, .center, .centerRight: top = -lineH / 2
        case .bottomLeft, .bottomCenter, .bottomRight: top = -lineH
        }
        let attrs = "font-size=\"\(n(size))\"\(item.bold ? " font-weight=\"bold\"" : "")\(fill(item.color))"
        if item.vertical {
            // Reads bottom-up. The backend's box is lineH wide and as tall as the text; in the
            // rotated frame, "start/middle/end" run upwards from the box's bottom.
            let w = widths.width(s, size: size, bold: item.bold)
            var x0 = item.position.x
            var y0 = item.position.y
            switch item.anchor {
            case .topLeft, .centerLeft, .bottomLeft: break
            case .topCenter, .center, .bottomCenter: x0 -= lineH / 2
            case .topRight, .centerRight, .bottomRight: x0 -= lineH
            }
            switch item.anchor {
            case .topLeft, .topCenter, .topRight: y0 += w / 2
            case .centerLeft, .center, .centerRight: break
            case .bottomLeft, .bottomCenter, .bottomRight: y0 -= w / 2
            }
            return
                "<text x=\"0\" y=\"0\" text-anchor=\"middle\" transform=\"translate(\(n(x0 + ascent)) \(n(y0))) rotate(-90)\" \(attrs)>\(escape(s))</text>\n"
        }
        return
            "<text x=\"\(n(item.position.x))\" y=\"\(n(item.position.y + top + ascent))\" text-anchor=\"\(anchor)\" \(attrs)>\(escape(s))</text>\n"
    }

    /// The longest prefix plus "…" that fits, as the window's text cache cuts.
    static func fit(_ s: String, size: Float, bold: Bool, in limit: Float, _ widths: TextWidths) -> String {
        if widths.width(s, size: size, bold: bold) <= limit { return s }
        return widths.prefixWithEllipsis(s, size: size, bold: bold, in: limit)
    }

    static func heatmap(_ r: Rect, columns: Int, rows: Int, pixels: [UInt32]) -> String {
        if columns * rows <= maxCellElements {
            let cw = r.width / Float(columns)
            let ch = r.height / Float(rows)
            var out = "<g shape-rendering=\"crispEdges\">\n"
            for row in 0..<rows {
                for col in 0..<columns {
                    let p = pixels[row * columns + col]
                    let c = RGBA(UInt8((p >> 16) & 0xff), UInt8((p >> 8) & 0xff), UInt8(p & 0xff), UInt8(p >> 24))
                    guard c.a > 0 else { continue }
                    out +=
                        "<rect x=\"\(n(r.x + Float(col) * cw))\" y=\"\(n(r.y + Float(row) * ch))\" width=\"\(n(cw))\" height=\"\(n(ch))\"\(fill(c))/>\n"
                }
            }
            return out + "</g>\n"
        }
        let bmp = BMPFile.encode(argb: pixels, width: columns, height: rows)
        return
            "<image x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\" preserveAspectRatio=\"none\" "
            + "style=\"image-rendering:pixelated\" href=\"data:image/bmp;base64,\(base64(bmp))\"/>\n"
    }

    // MARK: - Formatting

    static func fill(_ c: RGBA) -> String {
        " fill=\"\(hex(c))\"" + (c.a < 255 ? " fill-opacity=\"\(n(Float(c.a) / 255))\"" : "")
    }

    static func stroke(_ c: RGBA, _ w: Float) -> String {
        " stroke=\"\(hex(c))\" stroke-width=\"\(n(w))\""
            + (c.a < 255 ? " stroke-opacity=\"\(n(Float(c.a) / 255))\"" : "")
    }

    static func hex(_ c: RGBA) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [c.r, c.g, c.b] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 15)])
        }
        return s
    }

    /// A number with at most two decimals, never "-0" and never an exponent.
    static func n(_ v: Float) -> String {
        guard v.isFinite else { return "0" }
        return formatted(v, decimals: 2).replacingTrailingZeros
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0.
                if let v = ch.unicodeScalars.first?.value, v < 0x20 { out += " " } else { out.append(ch) }
            }
        }
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// "1.50" → "1.5", "2.00" → "2".
    var replacingTrailingZeros: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
