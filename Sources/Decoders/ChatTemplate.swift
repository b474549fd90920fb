import Encoders
import ModelFormats
import Tokenizers

/// The chat formats AttnViz recognises in a file's `tokenizer.chat_template` (it reads the
/// template's family, it does not interpret Jinja): a question wrapped the way the model was
/// trained to see one, ending where the assistant's answer starts.
public enum ChatTemplate: Equatable, Sendable {
    /// `<|im_start|>role\n…<|im_end|>\n` (SmolLM2, Qwen, many others), with the system line the
    /// template adds when none is given.
    case chatML(defaultSystem: String?)
    /// Llama 3: `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`.
    case llama3
    /// Zephyr / TinyLlama: `<|user|>\n…</s>\n<|assistant|>\n`.
    case zephyr
    /// Llama 2 / Mistral: `[INST] … [/INST]`.
    case inst

    public static func recognise(_ template: String?) -> ChatTemplate? {
        guard let t = template else { return nil }
        if t.contains("<|im_start|>") {
            let marker = "<|im_start|>system\n"
            guard let a = t.range(of: marker), let b = t[a.upperBound...].range(of: "<|im_end|>") else {
                return .chatML(defaultSystem: nil)
            }
            let system = String(t[a.upperBound..<b.lowerBound])
            // Only a literal line counts: one that builds the text from variables is not a default.
            let literal = !system.contains("{") && !system.contains("'") && !system.isEmpty
            return .chatML(defaultSystem: literal ? system : nil)
        }
        if t.contains("<|start_header_id|>") { return .llama3 }
        if t.contains("<|assistant|>") { return .zephyr }
        if t.contains("[INST]") { return .inst }
        return nil
    }

    /// One user message, ready for the answer.
    public func wrap(_ question: String) -> String {
        switch self {
        case .chatML(let system):
            let head = system.map { "<|im_start|>system\n\($0)<|im_end|>\n" } ?? ""
            return head + "<|im_start|>user\n\(question)<|im_end|>\n<|im_start|>assistant\n"
        case .llama3:
            return "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n\(question)<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        case .zephyr: return "<|user|>\n\(question)</s>\n<|assistant|>\n"
        case .inst: return "[INST] \(question) [/INST]"
        }
    }

    public var name: String {
        switch self {
        case .chatML: return "ChatML"
        case .llama3: return "Llama 3"
        case .zephyr: return "Zephyr"
        case .inst: return "[INST]"
        }
    }
}
