import AppShell
import AttentionCore
import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Tokenizers
import VisualizerModel

extension GoldenTests {
    /// SmolLM2 at 1280×720 in the projector theme: the next-token panel beside causal heatmaps,
    /// and the model view's page of 10 of 30 layers with its key/value groups and sink badges.
    static func decoderState(_ view: ViewKind, layer: Int = 0, input: String = "The capital of France is") -> AppState?
    {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: Decoders.smolLM2)),
            let llama = try? DecoderModel(name: "SmolLM2-135M-Instruct", bytes: ModelBytes(copying: [UInt8](data)))
        else { return nil }
        let model = TrainedModel.decoder(llama)
        var s = AppState(
            input: input, viewport: Size(1280, 720), view: view, theme: .projector,
            model: ModelSession(info: ModelInfo(model), layer: layer))
        s.input.showsCaret = false
        ModelRunner.settle(&s, models: [:], fallback: model, effects: s.pendingEffects())
        _ = reduce(&s, .tick(seconds: 5))
        return s
    }

    /// Without the model (make model-llm) the states are empty frames, which fail against the
    /// goldens: the scenes are never silently left out.
    static let decoderScenes: [(String, AppState)] = {
        let missing = state("")
        return [
            ("projector-next-tokens", decoderState(.heatmaps) ?? missing),
            (
                "projector-decoder-model",
                decoderState(.model, layer: 12, input: "The cat sat on the mat because it was tired") ?? missing
            ),
            ("projector-lens", decoderState(.lens, input: "The Eiffel Tower is in the city of") ?? missing),
        ]
    }()
}
