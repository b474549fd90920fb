import Foundation
import ModelFormats

/// How text becomes word pieces: `tokenizer_config.json`'s switches, with BERT's defaults.
public struct TokenizerOptions: Equatable, Sendable {
    public var lowercase: Bool
    /// nil follows `lowercase`, as in BERT's BasicTokenizer.
    public var stripAccents: Bool?
    public var splitCJK: Bool

    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitCJK: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.splitCJK = splitCJK
    }

    /// From tokenizer_config.json if there is one; without it, uncased unless the folder says cased.
    public static func parse(_ bytes: Data?, folderName: String) -> TokenizerOptions {
        var o = TokenizerOptions(lowercase: !folderName.lowercased().contains("-cased"))
        guard let bytes, let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
            return o
        }
        if let v = object["do_lower_case"] as? Bool { o.lowercase = v }
        if let v = object["strip_accents"] as? Bool { o.stripAccents = v }
        if let v = object["tokenize_chinese_chars"] as? Bool { o.splitCJK = v }
        return o
    }
}
