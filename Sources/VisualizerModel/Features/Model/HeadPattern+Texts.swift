import Encoders

/// How the views name a head's pattern: badges and their meanings, in the words of the
/// model's own special tokens. The pattern itself is found in Encoders.
extension HeadPattern {
    /// What the model's own tokenizer calls its first and closing tokens: BERT's [CLS] and [SEP],
    /// RoBERTa's and MPNet's <s> and </s>. Badges and legends use these, so they name what the
    /// token row shows.
    public struct SpecialNames: Equatable, Sendable {
        public var start: String
        public var end: String

        public static let bert = SpecialNames(start: "[CLS]", end: "[SEP]")

        /// "[CLS]/[SEP]", "<s>/</s>": both at once, as the hint line and titles name them.
        public var pair: String { "\(start)/\(end)" }

        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }

        /// Read off an encoder's tokens (which always begin with the start token).
        public init(tokens: [String]) {
            let roberta = tokens.first == "<s>" || (tokens.contains("</s>") && !tokens.contains("[SEP]"))
            self = roberta ? SpecialNames(start: "<s>", end: "</s>") : .bert
        }
    }

    /// The badge text, with BERT's names for the special tokens.
    public var badge: String { badge(.bert) }

    /// What the badge means, for the legend, with BERT's names for the special tokens.
    public var meaning: String { meaning(.bert) }

    /// The badge text, with the model's names for its special tokens.
    public func badge(_ names: SpecialNames) -> String {
        switch self {
        case .previous: return "prev"
        case .next: return "next"
        case .selfToken: return "self"
        case .cls: return names.start
        case .sep: return names.end
        case .punctuation: return "punct"
        case .broad: return "broad"
        case .sink: return "sink"
        case .mixed: return ""
        }
    }

    /// What the badge means, with the model's names for its special tokens.
    public func meaning(_ names: SpecialNames) -> String {
        switch self {
        case .previous: return "attends to the previous token"
        case .next: return "attends to the next token"
        case .selfToken: return "attends to itself"
        case .cls: return "attends to \(names.start)"
        case .sep: return "attends to \(names.end) / the last token"
        case .punctuation: return "attends to punctuation"
        case .broad: return "spreads attention widely (high entropy)"
        case .mixed: return "no single pattern"
        case .sink: return "parks its weight on the first token (an attention sink)"
        }
    }
}
