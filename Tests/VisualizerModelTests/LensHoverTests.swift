import AppShell
import AttentionCore
import Decoders
import Testing

@testable import VisualizerModel

/// Issue 29 A.5: hovering the logit lens says a cell's own guess and chance, and where the
/// model's final guess stood at that layer.
@Suite("Logit lens hover")
struct LensHoverTests {
    @Test("each cell ranks the final guess as that layer's own logits do; hovering says it, '␣Paris is #N here'")
    func hover() throws {
        var s = try DecoderSessionTests.opened("The Eiffel Tower is in the city of")
        try DecoderSessionTests.send(&s, .keyPressed(.letterL, .control))
        let lens = try #require(s.model?.output?.lens)
        let last = try #require(lens.cells.last)
        #expect(last.allSatisfyNonEmpty { $0.finalRank == 1 && $0.finalProbability == $0.probability })
        // The rank again, from the layer's residual through the model's own logits: the ids above
        // it, ties counted for a lower id (as the top token is picked).
        guard case .decoder(let model) = try DecoderSessionTests.model() else {
            Issue.record("SmolLM2 is not a decoder")
            return
        }
        let ids = try #require(s.model?.output?.trace.encoding.ids)
        let state = model.forward(ids)
        let k = lens.positions.count - 1
        let final = last[k].id
        var ranks: [Int] = []
        for (r, layer) in lens.layers.enumerated() {
            let h = model.config.hiddenSize
            let p = lens.positions[k]
            let row = Matrix(rows: 1, cols: h, storage: Array(state.residuals[layer][(p * h)..<((p + 1) * h)]))
            let logits = model.logits(row)
            let rank =
                1
                + logits.indices.filter { logits[$0] > logits[final] || (logits[$0] == logits[final] && $0 < final) }
                .count
            ranks.append(rank)
            #expect(lens.cells[r][k].finalRank == rank, "layer \(layer + 1): \(lens.cells[r][k].finalRank) vs \(rank)")
        }
        #expect(ranks.contains { $0 > 1 }, "the final guess ranks first at every layer: nothing to show")
        // Hover the middle layer's cell at the last position.
        let r = lens.layers.count / 2
        let m = LayoutMetrics(s)
        let cell = LensLayout(content: ChromeLayout(s, metrics: m).content, lens: lens, m).cell(row: r, column: k)
        try DecoderSessionTests.send(&s, .pointerMoved(x: cell.center.x, y: cell.center.y))
        #expect(s.pointer.hover == .lensCell(row: r, column: k))
        let texts = DecoderSessionTests.texts(s)
        let said = lens.cells[r][k].finalRank == 1 ? "already the model's final guess" : "is #\(ranks[r]) here"
        #expect(texts.contains { $0.hasPrefix("layer \(lens.layers[r] + 1), after ␣of: ") }, "\(texts)")
        #expect(texts.contains { $0.contains(said) && $0.contains("␣Paris") || $0 == said }, "\(texts)")
        // Off the grid, no tooltip.
        try DecoderSessionTests.send(&s, .pointerMoved(x: 2, y: 2))
        #expect(s.pointer.hover == nil && !DecoderSessionTests.texts(s).contains { $0.contains("here (") })
    }
}
