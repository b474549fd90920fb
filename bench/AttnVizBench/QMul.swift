import AttentionCore
import ModelFormats

/// `attnviz-bench qmul TYPE ROWS COLS REPS`: one token against a ROWS × COLS matrix of random
/// TYPE blocks (any block format AttnViz reads, by its name: q4_k, q6_k, q5_0, iq4_xs …), the
/// decoder's generation product, on both cores and on one: values per second, a diagnostic of the
/// quantized kernels (no reference runs beside it).
enum QMul {
    static func run(type name: String, rows: Int, cols: Int, reps: Int) {
        guard let layout = QuantBlocks.all.first(where: { $0.type.name.lowercased() == name.lowercased() }),
            cols % layout.values == 0
        else {
            let names = QuantBlocks.all.map { $0.type.name.lowercased() }.joined(separator: ", ")
            print("{\"kind\": \"qmul\", \"error\": \"type one of \(names); COLS a multiple of its block\"}")
            return
        }
        let (type, values, block, scales) = (layout.type, layout.values, layout.bytes, layout.scaleOffsets)
        var bytes = [UInt8](repeating: 0, count: rows * cols / values * block)
        var g = UInt64(7)
        for i in 0..<bytes.count {
            g = g &* 6_364_136_223_846_793_005 &+ 1
            bytes[i] = UInt8(truncatingIfNeeded: g >> 33)
        }
        // Float16 scales of 2^-12 (0x0C00), as a file's are: finite, not subnormal.
        for b in stride(from: 0, to: bytes.count, by: block) {
            for o in scales { (bytes[b + o], bytes[b + o + 1]) = (0x00, 0x0C) }
        }
        var x = (0..<cols).map { Float($0 % 7) * 0.1 - 0.3 }
        var y = [Float](repeating: 0, count: rows)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let m = QuantizedMatrix(base: base, type: type, rows: rows, cols: cols)
            let input = Matrix(rows: 1, cols: cols, storage: x)
            // One core runs `direct` itself, which has kernels for some types only; the others
            // generate through scratch rows, timed on both cores alone.
            let registers = QuantizedKernels.generatesInRegisters(type)
            var both: [Double] = []
            var one: [Double] = []
            for _ in 0..<reps {
                var t0 = now()
                _ = QuantizedKernels.multiply(input, m)
                both.append(now() - t0)
                guard registers else { continue }
                t0 = now()
                x.withUnsafeMutableBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        guard let xb = xp.baseAddress, let yb = yp.baseAddress else { return }
                        QuantizedKernels.direct(xb, m, rows: 0..<rows, y: yb)
                    }
                }
                one.append(now() - t0)
            }
            let n = Double(rows * cols)
            let oneCore = registers ? "\(n / median(one) / 1e9)" : "null"
            print(
                "{\"kind\": \"qmul\", \"type\": \"\(name)\", \"rows\": \(rows), \"cols\": \(cols), "
                    + "\"in_registers\": \(registers), \"gvalues_per_s\": \(n / median(both) / 1e9), "
                    + "\"one_core_gvalues_per_s\": \(oneCore)}")
        }
    }
}
