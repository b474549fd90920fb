import AttentionCore
import SafeFiles
import TrainedModels
import VisualizerModel

/// Reads and checks --cues FILE before anything opens: a mistake is one line with file:line.
func loadCues(_ o: Options, model: BertModel?) throws(RunError) -> CueScript? {
    guard let path = o.cuesPath else { return nil }
    let bytes: [UInt8]
    switch RegularFile.read(path, limit: 4 << 20) {
    case let .success(b): bytes = b
    case let .failure(p): throw RunError(description: "cannot read --cues '\(shortened(path, limit: 120))': \(p.description)")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw RunError(description: "cannot read --cues '\(shortened(path, limit: 120))': it is not UTF-8 text")
    }
    let trained = model.map { (layers: $0.config.layers, heads: $0.config.heads) }
    switch CueScript.parse(text, name: path, base: o.settings, trainedModel: trained) {
    case let .success(script): return script
    case let .failure(problem): throw RunError(description: problem.description)
    }
}
