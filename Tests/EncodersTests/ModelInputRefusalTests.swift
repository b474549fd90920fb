import Decoders
import Encoders
import Foundation
import ModelFormats
import TestSupport
import Testing
import Tokenizers

@Suite("What a trained model refuses to read")
struct ModelInputRefusalTests {
    @Test("a sentence pair has one ' ||| '; two or more are refused in one line")
    func onePairSeparator() throws {
        let model = try TinyBert().model()
        #expect(try model.encode("the cat ||| the dog").get().isPair)
        for text in ["a ||| b ||| c", "the ||| cat ||| sat ||| down"] {
            guard case .failure(let error) = model.encode(text) else {
                Issue.record("accepted '\(text)'")
                continue
            }
            #expect(error.description.contains("one ' ||| '"), "\(error.description)")
        }
    }

    @Test("a vocab.txt saved with CRLF line ends reads as the same vocabulary")
    func crlfVocabulary() throws {
        let lf = try Vocabulary(text: TinyBert.vocabText)
        let crlf = try Vocabulary(text: TinyBert.vocabText.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.count == lf.count && crlf.unk == lf.unk && crlf.cls == lf.cls && crlf.sep == lf.sep)
    }

    /// F32 weights are packed from the file's bytes in place (when aligned), F16 ones converted
    /// first: both ways check every value.
    @Test(
        "weights with a NaN or an infinity are refused at load, naming the tensor, read in place or converted",
        arguments: [Float.nan, .infinity], [TensorDType.f32, .f16])
    func nonFiniteWeights(_ bad: Float, dtype: TensorDType) throws {
        let tiny = TinyBert()
        var tensors = tiny.tensors()
        let i = try #require(tensors.firstIndex { $0.name.hasSuffix("attention.self.query.weight") })
        tensors[i].values[3] = bad
        let bytes = TinyBert.safetensors(tensors, dtype: dtype)
        #expect {
            _ = try EncoderModel(
                name: "broken", config: tiny.configJSON(), vocabulary: TinyBert.vocabText, tokenizerConfig: nil,
                weights: ModelBytes(copying: bytes))
        } throws: { error in
            "\(error)".contains("NaN or infinite") && "\(error)".contains(tensors[i].name)
        }
    }
}
