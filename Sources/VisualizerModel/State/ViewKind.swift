import AttentionCore

/// The views of the app.
public enum ViewKind: String, Equatable, Sendable, CaseIterable {
    case heatmaps, arcs, inspector, explain, model
    /// A decoder's logit lens: layers × positions, each layer's guess at the next token.
    case lens

    public var title: String {
        switch self {
        case .heatmaps: return "Attention heatmaps"
        case .arcs: return "Q·K arcs"
        case .inspector: return "Matrix inspector"
        case .explain: return "One query, one key, one weight"
        case .model: return "Every layer and head"
        case .lens: return "Logit lens: each layer's next-token guess"
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
        case .lens: return "Logit lens"
        }
    }
}
