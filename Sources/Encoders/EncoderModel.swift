import AttentionCore
import Foundation
import ModelFormats
import Synchronization
import Tokenizers

/// An encoder of the BERT family (BERT, RoBERTa, XLM-R, ELECTRA, DistilBERT, MPNet) ready to run:
/// config, tokenizer and weights, immutable and shareable across threads (the window computes
/// on a worker while it draws).
public final class EncoderModel: Sendable {
    public let name: String
    public let config: EncoderConfig
    public let tokenizer: TokenizerPipeline
    let weights: EncoderWeights
    /// Keeps the weights' bytes alive as long as the word-embedding table reads from them.
    let bytes: ModelBytes
    /// Row-major W_q, W_k, W_v, W_o of the layers inspected so far (the weights themselves are
    /// packed for the GEMM; unpacking 2.4 MB per keystroke was 8 % of a short forward).
    private let unpackedProjections = Mutex<[Int: Projections]>([:])

    /// Parses and checks everything up front: a model that loads runs every input without traps.
    public convenience init(
        name: String, config: Data, vocabulary: String, tokenizerConfig: Data?, weights: ModelBytes
    ) throws(ModelError) {
        let vocab = try Vocabulary(text: vocabulary)
        let wordPiece = try TokenizerPipeline(
            vocabulary: vocab, options: TokenizerOptions.parse(tokenizerConfig, folderName: name))
        try self.init(name: name, config: config, tokenizer: wordPiece, weights: weights)
    }

    public init(name: String, config: Data, tokenizer: TokenizerPipeline, weights: ModelBytes) throws(ModelError) {
        let c = try EncoderConfig.parse(config)
        guard tokenizer.count <= c.vocabSize else {
            let message = "has \(tokenizer.count) pieces but config.json's vocab_size is \(c.vocabSize)"
            throw .tokenizer("the tokenizer " + message)
        }
        // A type id past the model's table would read outside it: refused here, not at a keystroke.
        // A pair's second segment on a one-segment model is refused when a pair is typed.
        let types = tokenizer.largestTypeID
        let segments = max(1, c.typeVocabSize)
        if c.typeVocabSize > 0 && (types.single >= segments || (types.pair >= segments && types.pair > 1)) {
            throw .tokenizer(
                "the post-processor gives token type \(max(types.single, types.pair)) but config.json's "
                    + "type_vocab_size is \(c.typeVocabSize)")
        }
        let index = try SafeTensorsIndex.parse(weights.buffer)
        self.weights = try EncoderWeights(index: index, bytes: weights, config: c)
        self.name = name
        self.config = c
        self.tokenizer = tokenizer
        self.bytes = weights
    }

    /// Tokenizes `text`; refuses what the model cannot read rather than truncating silently.
    public func encode(_ text: String) -> Result<Encoding, ModelError> {
        let separators = text.components(separatedBy: TokenizerPipeline.pairSeparator).count - 1
        if separators > 1 {
            return .failure(
                .file("a sentence pair has one ' ||| ' between two sentences; this input has \(separators)"))
        }
        var e = tokenizer.encode(text)
        if e.count > config.maxTokens { return .failure(.tooManyTokens(count: e.count, limit: config.maxTokens)) }
        if e.count == 0 { return .failure(.emptyInput) }
        // Families without token types read every piece as segment 0.
        if config.typeVocabSize == 0 { e.types = Array(repeating: 0, count: e.count) }
        // The weights (about the file's size once packed) live in the same budget as the maps.
        let budget = max(0, Double(MemoryBudget.bytes) - Double(bytes.buffer.count))
        if estimatedBytes(tokens: e.count) > budget {
            var fit = e.count
            while fit > 2 && estimatedBytes(tokens: fit) > budget { fit = fit * 9 / 10 }
            return .failure(.tooLarge(needed: estimatedBytes(tokens: e.count), budget: budget, fitTokens: fit))
        }
        if e.isPair && e.types.contains(where: { $0 >= max(1, config.typeVocabSize) }) {
            return .failure(
                .config("type_vocab_size is 1: this model has no second segment for a ' ||| ' sentence pair"))
        }
        return .success(e)
    }

    /// The whole encoder on one input; every layer's attention kept, and layer `inspect` in full.
    public func forward(_ e: Encoding, inspect: Int) -> ModelTrace {
        let c = config
        let n = e.count
        let h = c.hiddenSize
        precondition(n > 0 && n <= c.maxTokens && e.ids.count == n && e.types.count == n)
        precondition(
            e.ids.allSatisfy { (0..<c.vocabSize).contains($0) }
                && e.types.allSatisfy { (0..<max(1, c.typeVocabSize)).contains($0) })
        var x = embed(e)
        let bias = relativeBias(n)
        let inspected = max(0, min(inspect, c.layers - 1))
        var attentions: [[Matrix]] = []
        var layerTrace: AttentionTrace?
        let scale = 1 / Float(c.headSize).squareRoot()
        for (l, w) in weights.layers.enumerated() {
            let qkv = BertKernels.linear(x, w.qkv)
            let q = qkv.columns(0, count: h)
            let k = qkv.columns(h, count: h)
            let v = qkv.columns(2 * h, count: h)
            let (heads, concat) = AttentionEngine.attendHeads(
                n: n, d: h, heads: c.heads, q: q, k: k, v: v, scale: scale,
                invTemperature: 1, mask: .none, bias: bias)
            let attended = BertKernels.linear(concat, w.attentionOutput)
            let h1 = BertKernels.addNorm(attended, x, w.attentionNorm, eps: c.layerNormEps)
            let inner = BertKernels.linear(h1, w.intermediate, gelu: true)
            let next = BertKernels.addNorm(BertKernels.linear(inner, w.output), h1, w.outputNorm, eps: c.layerNormEps)
            attentions.append(heads.map(\.weights))
            if l == inspected {
                var settings = AttentionSettings(dModel: h, heads: c.heads, seed: 0, mask: .none, positional: true)
                settings.aggregation = .mean
                layerTrace = AttentionTrace(
                    tokens: e.tokens, mode: .words, settings: settings, effectivePadding: 0, x: x,
                    projections: projections(layer: l),
                    q: q, k: k, v: v, heads: heads, average: AttentionEngine.aggregate(heads.map(\.weights), .mean),
                    concat: concat, output: attended)
            }
            x = next
        }
        return ModelTrace(
            encoding: e, maps: AttentionMaps(full: attentions), inspectedLayer: inspected, layer: layerTrace!, hidden: x
        )
    }

    /// Word + position (+ token type) embeddings, normalized; ELECTRA's projected to the hidden size.
    func embed(_ e: Encoding) -> Matrix {
        let c = config
        let w = c.embeddingSize
        var x = Matrix(rows: e.count, cols: w)
        x.storage.withUnsafeMutableBufferPointer { xp in
            guard let xb = xp.baseAddress else { return }
            // RoBERTa's rule (create_position_ids_from_input_ids): tokens are counted from
            // padding_idx + 1, skipping the padding token itself, which keeps position padding_idx.
            let padding = c.positionOffset - 1
            var counted = 0
            for t in 0..<e.count {
                let row = xb + t * w
                var position = t
                if c.positionOffset > 0 {
                    if e.ids[t] != padding { counted += 1 }
                    position = e.ids[t] == padding ? padding : padding + counted
                }
                for j in 0..<w { row[j] = weights.positions[position, j] }
                if let types = weights.tokenTypes { for j in 0..<w { row[j] += types[e.types[t], j] } }
                weights.words.addRow(e.ids[t], into: row)
            }
        }
        x = BertKernels.addNorm(x, nil, weights.embeddingNorm, eps: c.layerNormEps)
        if let p = weights.embeddingProjection { x = BertKernels.linear(x, p) }
        return x
    }

    /// MPNet's bias for n tokens: T5's bidirectional buckets of key − query, looked up per head.
    func relativeBias(_ n: Int) -> ScoreBias? {
        guard let table = weights.relativeBias else { return nil }
        let buckets = config.relativeBuckets
        var perHead = [Float](repeating: 0, count: config.heads * buckets)
        for b in 0..<buckets { for h in 0..<config.heads { perHead[h * buckets + b] = table[b, h] } }
        var of = [Int32](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { of[i * n + j] = Int32(RelativePosition.bucket(j - i, buckets: buckets)) } }
        return ScoreBias(table: perHead, buckets: buckets, bucketOf: of)
    }

    /// The inspected layer's W_q, W_k, W_v, W_o, row-major, for the inspector.
    func projections(layer l: Int) -> Projections {
        if let cached = unpackedProjections.withLock({ $0[l] }) { return cached }
        let h = config.hiddenSize
        let w = weights.layers[l]
        let qkv = w.qkv.w.unpacked()
        let p = Projections(
            wq: qkv.columns(0, count: h), wk: qkv.columns(h, count: h), wv: qkv.columns(2 * h, count: h),
            wo: w.attentionOutput.w.unpacked())
        unpackedProjections.withLock { $0[l] = p }
        return p
    }

    /// Bytes a forward keeps: every layer's n × n weights per head, the inspected layer's scores,
    /// and a layer's activations (hidden and intermediate rows, Q/K/V).
    public func estimatedBytes(tokens n: Int) -> Double {
        let c = config
        let n = Double(n)
        let h = Double(c.hiddenSize)
        let heads = Double(c.heads)
        return 4 * ((Double(c.layers) + 2) * heads * n * n + n * (8 * h + 2 * Double(c.intermediateSize)))
    }

    /// Multiply-adds ×2 of one forward at n tokens (for GFLOP/s in the benchmark).
    public func flops(tokens n: Int) -> Double {
        let h = Double(config.hiddenSize)
        let i = Double(config.intermediateSize)
        let m = Double(n)
        return Double(config.layers) * (2 * m * (4 * h * h + 2 * h * i) + 4 * m * m * h)
    }
}
