import TestSupport
import Testing

@testable import Decoders
@testable import Encoders
@testable import ModelFormats
@testable import Tokenizers

/// Each block format's own sizes agree with the GGML type table, and every dequantizable block
/// type has its format.
@Suite("Quantization blocks")
struct QuantBlockTests {
    @Test("every block type's byte size, value count and scale offsets agree with GGMLType")
    func sizes() {
        #expect(QuantBlocks.all.count == 12)
        for block in QuantBlocks.all {
            #expect(block.bytes == block.type.blockBytes, "\(block.type.name)")
            #expect(block.values == block.type.blockSize, "\(block.type.name)")
            #expect(block.scaleOffsets.allSatisfyNonEmpty { $0 >= 0 && $0 + 2 <= block.bytes }, "\(block.type.name)")
        }
        let blockTypes = GGMLType.allCases.filter { $0.isDequantizable && $0.blockSize > 1 }
        #expect(Set(blockTypes.map(\.rawValue)) == Set(QuantBlocks.all.map(\.type.rawValue)))
    }
}
