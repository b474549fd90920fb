import AppShell
import AttentionCore
import Decoders
import Encoders
import ModelFormats
import TestSupport
import Testing
import Tokenizers
import VisualizerModel

@Suite("Opening state from the command line's settings")
struct OpeningStateTests {
    @Test("the seeded engine opens with the flags' view, theme, head and arcs, its attention computed")
    func seeded() throws {
        var opening = OpeningSettings(input: "the cat sat")
        opening.view = .arcs
        opening.theme = .projector
        opening.head = 2
        opening.arcTopK = 5
        opening.colorScale = .fixed
        let state = try OpeningState.make(opening, model: nil, inline: true)
        #expect(state.view == .arcs && state.theme.name == "projector" && state.colorScale == .fixed)
        #expect(state.selection.head == 1 && state.arcs.topK == 5)
        #expect(state.trace?.tokenCount == 3)
    }

    /// One flag set to what cannot open, and the words its error must contain.
    enum BadFlag: String, CaseIterable, Sendable {
        case viewModel = "--view model"
        case head = "--head 9"
        case zeroHeads = "heads must"
        case layer = "--layer 9"
        case pairFilter = "--pair-filter needs two sentences"

        func apply(_ o: inout OpeningSettings) {
            switch self {
            case .viewModel: o.view = .model
            case .head: o.head = 9
            case .zeroHeads: o.settings.heads = 0
            case .layer: o.layer = 9
            case .pairFilter: o.pairFilter = .aToB
            }
        }
    }

    @Test(
        "settings the seeded engine cannot open with are one line naming the flag",
        arguments: [BadFlag.viewModel, .head, .zeroHeads])
    func refusals(flag: BadFlag) {
        var opening = OpeningSettings(input: "the cat sat")
        flag.apply(&opening)
        #expect {
            _ = try OpeningState.make(opening, model: nil, inline: true)
        } throws: { error in
            (error as? OpeningError)?.description.contains(flag.rawValue) == true
        }
    }

    @Test(
        "a trained model's layer, head and pair filter are checked against it",
        arguments: [BadFlag.layer, .head, .pairFilter])
    func modelRefusals(flag: BadFlag) throws {
        let model = TrainedModel.encoder(try TinyBert().model())
        var opening = OpeningSettings(input: "the cat sat")
        flag.apply(&opening)
        #expect {
            _ = try OpeningState.make(opening, model: model, inline: true)
        } throws: { error in
            (error as? OpeningError)?.description.contains(flag.rawValue) == true
        }
    }

    @Test("with a model, the window's opening leaves the forward pass to the worker; render runs it")
    func modelInlineOrNot() throws {
        let model = TrainedModel.encoder(try TinyBert().model())
        var opening = OpeningSettings(input: "the cat sat ||| a dog ran")
        opening.pairFilter = .aToB
        var window = try OpeningState.make(opening, model: model, inline: false)
        #expect(window.trace == nil && window.model?.computing == true && window.model?.pairFilter == .aToB)
        let effects = window.pendingEffects()
        #expect(effects.count == 1)
        let rendered = try OpeningState.make(opening, model: model, inline: true)
        #expect(rendered.trace != nil && rendered.model?.computing == false)
    }
}
