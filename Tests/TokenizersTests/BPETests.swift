import Foundation
import ModelLoading
import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Byte-level BPE from a GGUF file's metadata against Hugging Face's `tokenizers` on the same
/// vocabulary and merges.
@Suite("Byte-level BPE")
struct BPETests {
    static let hostile = [
        "Hello world", "The capital of France is", "  leading and trailing  ", "tabs\tand\nnew\n\nlines\r\n",
        "I'm sure they'll say it's fine, don't you? We've seen 'em", "café naïve résumé Ångström",
        "e\u{301} combining", "你好，世界！这是测试。", "日本語のテキスト", "한국어 텍스트", "Россия и Україна",
        "👩‍👩‍👧 family, 🇫🇷 flag, ❤️ heart", "Numbers 12345 and 3.14159 and 1,000,000",
        "def f(x):\n    return x ** 2\n\n\n", "a    b     c", "\u{FFFD} replacement \u{0} nul", "x'sy 'S 'll've",
        "<|im_start|>user\nhi<|im_end|>\n", "<|im_start|><|im_start|>x<|im_end", "٣٤ ¾ ² Ⅻ digits",
    ]

    @Test("SmolLM2's tokenizer gives the ids tokenizers gives, on hostile text")
    func smolLM2() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let reference = try Decoders.referenceIDs(Decoders.smolLM2, Self.hostile)
        #expect(reference.count == Self.hostile.count)
        for (text, ids) in zip(Self.hostile, reference) {
            #expect(model.tokenizer.encode(text) == ids, "\(text.debugDescription)")
        }
        #expect(model.tokenizer.gguf?.addBOS == false && model.tokenizer.gguf?.preTokenizer == .smollm)
    }

    @Test("the GPT-2 pre-tokenizer family, on a small vocabulary with few merges")
    func gpt2Family() throws {
        let path = try Decoders.tiny()
        let model = try GGUFModelFile.load(path).get()
        let reference = try Decoders.referenceIDs(path, Self.hostile)
        for (text, ids) in zip(Self.hostile, reference) {
            #expect(model.tokenizer.encode(text) == ids, "\(text.debugDescription)")
        }
        #expect(model.tokenizer.gguf?.preTokenizer == .gpt2)
    }

    @Test(
        "Llama 3's and Qwen 2's pre-tokenizers (llama-bpe, qwen2) split as tokenizers' Split + ByteLevel does",
        arguments: [("llama-bpe", PreTokenizer.llama3), ("qwen2", PreTokenizer.qwen2)])
    func regexFamilies(_ name: String, _ family: PreTokenizer) throws {
        let path = try Decoders.tiny(["pre=\(name)"])
        let model = try GGUFModelFile.load(path).get()
        #expect(model.tokenizer.gguf?.preTokenizer == family)
        let texts = Self.hostile + ["I'M SURE it's 1234567 x", "a\r\n\r\n  b", "!!!hello,,world"]
        let reference = try Decoders.referenceIDs(path, texts)
        #expect(reference.count == texts.count)
        for (text, ids) in zip(texts, reference) {
            #expect(model.tokenizer.encode(text) == ids, "\(name): \(text.debugDescription)")
            #expect(family.split(text).joined() == text)
        }
    }

    @Test("pieces join back to the text; digits stand alone in the SmolLM family only")
    func split() {
        for text in Self.hostile {
            #expect(PreTokenizer.gpt2.split(text).joined() == text)
            #expect(PreTokenizer.smollm.split(text).joined() == text)
        }
        #expect(PreTokenizer.gpt2.split("a 123 b") == ["a", " 123", " b"])
        #expect(PreTokenizer.smollm.split("a 123 b") == ["a", " ", "1", "2", "3", " b"])
        #expect(PreTokenizer.gpt2.split("x   y\n\nz") == ["x", "  ", " y", "\n", "\n", "z"])
        #expect(PreTokenizer.gpt2.split("it's") == ["it", "'s"])
    }

    @Test("pieces read as a lecturer needs: ␣ for a space, ↵ for a newline, ⟨0xF0⟩ for a byte")
    func readable() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let t = model.tokenizer
        #expect(t.encode(" world").map(t.readable) == ["␣world"])
        #expect(t.encode("\n").map(t.readable) == ["↵"])
        let emoji = t.encode("👩").map(t.readable)
        #expect(emoji.joined().hasPrefix("⟨0xF0⟩"), "\(emoji)")
        #expect(t.readable(1) == "<|im_start|>")
        #expect(t.decode(t.encode("café 👩‍👩‍👧 ok")) == "café 👩‍👩‍👧 ok")
    }

    @Test("control tokens typed in the text stay whole; text ends at <|im_end|> and <|endoftext|>")
    func specials() throws {
        let t = try GGUFModelFile.load(Decoders.smolLM2).get().tokenizer
        #expect(t.encode("<|im_start|>user") == [1, 4093])
        #expect(t.endsText(2) && t.endsText(0) && !t.endsText(1) && !t.endsText(4093))
    }
}
