import AttentionCore

/// Why a model folder cannot be used, or why a text cannot go through it: one line each.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file of the folder is missing or unreadable (the loader fills in the reason).
    case file(String)
    /// safetensors bytes that break the format: truncated, bad header, offsets out of range.
    case safetensors(String)
    /// GGUF bytes that break the format (llama.cpp's model files).
    case gguf(String)
    /// config.json is not a BERT config we can run.
    case config(String)
    /// A tensor the architecture needs is missing or has the wrong shape or type.
    case tensor(String)
    case vocabulary(String)
    /// tokenizer.json (or vocab.json and merges.txt) describes a tokenizer we cannot run.
    case tokenizer(String)
    /// The text is longer than the encoder's position table.
    case tooManyTokens(count: Int, limit: Int)
    /// The prompt (and what is to be written) is longer than a decoder's context.
    case contextTooLong(count: Int, limit: Int)
    /// Every layer's attention at this length would not fit the memory budget.
    case tooLarge(needed: Double, budget: Double, fitTokens: Int)
    case emptyInput
    /// A newer request (a keystroke) arrived while this one computed: its answer would be stale.
    case superseded

    public var description: String {
        switch self {
        case .file(let s): return s
        case .safetensors(let s): return "model.safetensors: \(s)"
        case .gguf(let s): return "GGUF: \(s)"
        case .config(let s): return "config.json: \(s)"
        case .tensor(let s): return "model.safetensors: \(s)"
        case .vocabulary(let s): return "vocab.txt: \(s)"
        case .tokenizer(let s): return "tokenizer: \(s)"
        case .tooManyTokens(let count, let limit):
            return
                "\(count) word pieces with [CLS] and [SEP]; this model reads at most \(limit) (its max_position_embeddings)"
        case .contextTooLong(let count, let limit):
            return "\(count) tokens; this model reads at most \(limit) (its context length)"
        case .tooLarge(let needed, let budget, let fit):
            return "keeping every layer's attention needs about \(MemoryBudget.format(needed)) but the budget is "
                + "\(MemoryBudget.format(budget)) (a quarter of the memory this process may use, less the model's weights): at most \(fit) word pieces fit"
        case .emptyInput: return "the input is empty"
        case .superseded: return "superseded by a newer request"
        }
    }
}
