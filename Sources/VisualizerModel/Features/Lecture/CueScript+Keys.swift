import AttentionCore
import Decoders

/// One `key: value` line's value, read as the key needs it.
struct CueValue {
    let text: String

    func int(_ range: ClosedRange<Int>) -> Int? {
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(text), range.contains(v) else { return nil }
        return v
    }

    func number(_ range: ClosedRange<Double>) -> Double? {
        guard let v = DecimalNumber.parse(text), v.isFinite, range.contains(v) else { return nil }
        return v
    }

    func flag() -> Bool? {
        switch text.lowercased() {
        case "on", "yes", "true": return true
        case "off", "no", "false": return false
        default: return nil
        }
    }
}

extension CueScript {
    /// Sets one key; a message when the key or value is wrong.
    static func set(_ cue: inout Cue, key: String, value text: String, trainedModel: ModelShape?)
        -> String?
    {
        let value = CueValue(text: text)
        if trainedModel != nil && engineKeys.contains(key) {
            return "'\(key)' belongs to the seeded engine; a trained model fixes it"
        }
        if engineKeys.contains(key) { return setEngine(&cue, key: key, value: value) }
        if displayKeys.contains(key) { return setDisplay(&cue, key: key, value: value, trainedModel: trainedModel) }
        switch key {
        case "input": cue.input = RepeatPreset.parse(value.text).map { RepeatPreset.text(count: $0) } ?? value.text
        case "type":
            guard !value.text.isEmpty else { return "type needs text to type" }
            cue.type = value.text
        case "speed":
            guard let v = value.number(1...200) else {
                return "speed must be 1 to 200 characters a second (got '\(shortened(value.text, limit: 20))')"
            }
            cue.typingSpeed = v
        case "caption": cue.caption = value.text
        case "compare":
            switch value.text.lowercased() {
            case "freeze", "on": cue.compare = true
            case "off": cue.compare = false
            default: return "compare must be freeze or off"
            }
        case "transition":
            guard let v = value.number(0...10) else { return "transition must be 0 to 10 seconds" }
            cue.transition = v
        case "hold":
            guard let v = value.number(0...600) else { return "hold must be 0 to 600 seconds" }
            cue.hold = v
        case "ablate":
            guard let m = trainedModel, m.writes else { return "ablate needs a decoder (model: F.gguf)" }
            if value.text.lowercased() == "none" {
                cue.knockout = HeadKnockout()
                return nil
            }
            switch HeadKnockout.parse(value.text, layers: m.layers, heads: m.heads) {
            case .success(let k): cue.knockout = k
            case .failure(let e): return "ablate: \(e.reason)"
            }
        case "sort_heads":
            guard trainedModel?.writes == true else { return "sort_heads needs a decoder (model: F.gguf)" }
            guard let v = HeadScoreOrder(rawValue: value.text.lowercased()) else {
                return "sort_heads must be induction or previous"
            }
            cue.scoreOrder = v
        case "ablate_mode":
            guard trainedModel?.writes == true else { return "ablate_mode needs a decoder (model: F.gguf)" }
            switch value.text.lowercased() {
            case "zero": cue.ablateMean = false
            case "mean": cue.ablateMean = true
            default: return "ablate_mode must be zero or mean"
            }
        case "generate":
            guard trainedModel?.writes == true else { return "generate needs a decoder (model: F.gguf)" }
            guard let v = value.int(1...256) else { return "generate must be 1 to 256 tokens" }
            cue.generate = v
        case "sample_temperature":
            guard trainedModel?.writes == true else { return "sample_temperature needs a decoder (model: F.gguf)" }
            guard let v = value.number(0...10) else { return "sample_temperature must be 0 (greedy) to 10" }
            cue.sampleTemperature = v
        default:
            return "unknown key '\(shortened(key, limit: 30))' (keys: \(keys.joined(separator: ", ")))"
        }
        return nil
    }

    /// The seeded engine's keys, which a trained model refuses.
    static let engineKeys: Set<String> = [
        "mode", "d_model", "heads", "seed", "mask", "temperature", "scaling", "positional", "aggregation",
    ]
    static let displayKeys: Set<String> = [
        "view", "theme", "colormap", "color_scale", "arc_layout", "font_scale", "zoom", "query", "queries", "key",
        "head",
        "layer", "hide_special", "look",
    ]

    /// The seeded engine's settings.
    static func setEngine(_ cue: inout Cue, key: String, value: CueValue) -> String? {
        switch key {
        case "mode":
            guard let m = TokenMode(rawValue: value.text) else {
                return "mode must be \(TokenMode.choices) (got '\(shortened(value.text, limit: 20))')"
            }
            cue.mode = m
        case "d_model":
            guard let v = value.int(1...AttentionLimits.maxDModel) else {
                return "d_model must be 1 to \(AttentionLimits.maxDModel) (got '\(shortened(value.text, limit: 20))')"
            }
            cue.dModel = v
        case "heads":
            guard let v = value.int(1...AttentionLimits.maxDModel) else {
                return "heads must be a whole number from 1 (got '\(shortened(value.text, limit: 20))')"
            }
            cue.heads = v
        case "seed":
            guard value.text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = UInt64(value.text) else {
                return "seed must be a whole number (got '\(shortened(value.text, limit: 20))')"
            }
            cue.seed = v
        case "mask":
            guard let m = MaskSpec.parse(value.text) else {
                return
                    "mask must be none, causal, padding:P, window:W or joined with + (got '\(shortened(value.text, limit: 30))')"
            }
            cue.mask = m
        case "temperature":
            guard let v = value.number(0.1...10) else {
                return "temperature must be 0.1 to 10 (got '\(shortened(value.text, limit: 20))')"
            }
            cue.temperature = Float(v)
        case "scaling":
            guard let v = value.flag() else { return "scaling must be on or off" }
            cue.scaled = v
        case "positional":
            guard let v = value.flag() else { return "positional must be on or off" }
            cue.positional = v
        case "aggregation":
            guard let a = HeadAggregation(rawValue: value.text) else {
                return "aggregation must be \(HeadAggregation.choices)"
            }
            cue.aggregation = a
        default: return nil
        }
        return nil
    }

    /// What the picture shows: view, colours, zoom, the selection, a trained model's layer.
    static func setDisplay(_ cue: inout Cue, key: String, value: CueValue, trainedModel: ModelShape?)
        -> String?
    {
        switch key {
        case "view":
            guard let v = ViewKind(rawValue: value.text) else {
                return "view must be \(ViewKind.choices) (got '\(shortened(value.text, limit: 20))')"
            }
            if v == .model && trainedModel == nil { return "view model needs a trained model (--model DIR)" }
            if v == .lens && trainedModel?.writes != true { return "view lens needs a decoder (--model F.gguf)" }
            cue.view = v
        case "theme":
            guard let t = Theme.named(value.text) else { return "theme must be \(choiceList(Theme.all.map(\.name)))" }
            cue.theme = t
        case "colormap":
            guard let c = Colormap(rawValue: value.text), Colormap.sequential.contains(c) else {
                return "colormap must be \(choiceList(Colormap.sequential.map(\.rawValue)))"
            }
            cue.colormap = c
        case "color_scale":
            guard let c = ColorScale(rawValue: value.text) else { return "color_scale must be \(ColorScale.choices)" }
            cue.colorScale = c
        case "arc_layout":
            guard let l = ArcLayout(rawValue: value.text) else { return "arc_layout must be \(ArcLayout.choices)" }
            cue.arcLayout = l
        case "font_scale":
            guard let v = value.number(0.8...2.5) else { return "font_scale must be 0.8 to 2.5" }
            cue.fontScale = Float(v)
        case "zoom":
            guard let v = value.number(1...Double(ZoomWindow.maxZoom)) else {
                return "zoom must be 1 to \(Int(ZoomWindow.maxZoom))"
            }
            cue.zoom = Float(v)
        case "query", "key":
            guard let v = value.int(1...100_000) else { return "\(key) must be a token number from 1" }
            if key == "query" { cue.query = v } else { cue.key = v }
        case "look":
            guard let v = value.int(1...100_000) else { return "look must be a token number from 1" }
            if trainedModel?.writes == true && v == 1 {
                return "look 1: " + AppState.firstTokenLook
            }
            cue.look = v
        case "queries":
            if value.text.lowercased() == "all" {
                cue.queries = []
                return nil
            }
            let parts = value.text.split(separator: ",").map { $0.trimmingSpaces }
            let numbers = parts.compactMap { Int($0) }.filter { (1...100_000).contains($0) }
            guard !parts.isEmpty, numbers.count == parts.count else {
                return "queries must be token numbers from 1, separated by commas, or all"
            }
            cue.queries = numbers
        case "head":
            guard let v = value.int(1...AttentionLimits.maxDModel) else { return "head must be a number from 1" }
            if let m = trainedModel, v > m.heads { return "head \(v): the model has \(m.heads) heads" }
            cue.head = v
        case "layer":
            guard let m = trainedModel else { return "layer needs a trained model (--model DIR)" }
            guard let v = value.int(1...m.layers) else {
                return "layer must be 1 to \(m.layers) (got '\(shortened(value.text, limit: 20))')"
            }
            cue.layer = v
        case "hide_special":
            guard trainedModel != nil else { return "hide_special needs a trained model (--model DIR)" }
            guard let v = value.flag() else { return "hide_special must be on or off" }
            cue.hideSpecial = v
        default: return nil
        }
        return nil
    }
}
