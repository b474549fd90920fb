import AttentionCore

/// The views of the app.
public enum ViewKind: String, Equatable, Sendable, CaseIterable {
    case heatmaps, arcs, inspector, explain, model

    public var title: String {
        switch self {
        case .heatmaps: return "Attention heatmaps"
        case .arcs: return "Q·K arcs"
        case .inspector: return "Matrix inspector"
        case .explain: return "One query, one key, one weight"
        case .model: return "Every layer and head"
        }
    }

    /// The title where the long one does not fit.
    public var shortTitle: String {
        switch self {
        case .heatmaps: return "Heatmaps"
        case .arcs: return "Arcs"
        case .inspector: return "Inspector"
        case .explain: return "One weight"
        case .model: return "All layers"
        }
    }
}
