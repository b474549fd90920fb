import AttentionCore

/// The views of the app.
public enum ViewKind: String, Equatable, Sendable, CaseIterable {
    case heatmaps, arcs, inspector, explain, model
    /// A decoder's logit lens: layers × positions, each layer's guess at the next token.
    case lens
    /// The text as tokens, with bars under them: what the selected token looked at (what the
    /// model looked at when it wrote it, for a decoder).
    case tokens

    public var title: String {
        switch self {
        case .heatmaps: return "Attention heatmaps"
        case .arcs: return "Q·K arcs"
        case .inspector: return "Matrix inspector"
        case .explain: return "One query, one key, one weight"
        case .model: return "Every layer and head"
        case .lens: return "Logit lens: each layer's next-token guess"
        case .tokens: return "What each token looked at"
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
        case .tokens: return "Looked at"
        }
    }
}
