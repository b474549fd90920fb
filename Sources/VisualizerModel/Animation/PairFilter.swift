import AttentionCore

/// Which block of a sentence pair's attention the heatmaps and arcs show.
public enum PairFilter: String, Equatable, Sendable, CaseIterable {
    case all, aToB, bToA, aToA, bToB

    /// The value of `--pair-filter` that selects it.
    public var flagName: String {
        switch self {
        case .all: return "all"
        case .aToB: return "a-b"
        case .bToA: return "b-a"
        case .aToA: return "a-a"
        case .bToB: return "b-b"
        }
    }

    public init?(flagName: String) {
        guard let filter = PairFilter.allCases.first(where: { $0.flagName == flagName }) else { return nil }
        self = filter
    }

    public var label: String {
        switch self {
        case .all: return "all"
        case .aToB: return "A→B"
        case .bToA: return "B→A"
        case .aToA: return "A→A"
        case .bToB: return "B→B"
        }
    }

    /// Whether a query in sentence `q` attending to a key in sentence `k` is shown.
    public func shows(_ q: Int, _ k: Int) -> Bool {
        switch self {
        case .all: return true
        case .aToB: return q == 0 && k == 1
        case .bToA: return q == 1 && k == 0
        case .aToA: return q == 0 && k == 0
        case .bToB: return q == 1 && k == 1
        }
    }
}
