import AttentionCore
import Encoders
import Foundation
import ModelFormats
import Synchronization
import Tokenizers

/// A decoder (llama-family from a GGUF file or a Hugging Face folder, or GPT-2 from a folder),
/// ready to run: config, tokenizer and weights (quantized ones kept as the file has them, float
/// ones packed for the GEMM), immutable and shareable across threads.
public final class DecoderModel: Sendable {
    public let name: String
    public let config: DecoderConfig
    public let tokenizer: DecoderTokenizer
    public let chat: ChatTemplate?
    let weights: DecoderWeights
    /// Keeps the file's bytes alive: the weights point into them.
    let bytes: ModelBytes
    /// The state last asked for by `state(for:inspect:)`: the window's key/value cache.
    let lastState = Mutex<DecoderState?>(nil)
    /// The inspected layer's dense W_q, W_k, W_v, W_o (the inspector shows them).
    let projectionCache = Mutex<[Int: Projections]>([:])
    /// The untouched model's logits after the last tokens a knock-out compared against: typing
    /// with heads knocked out must not run the whole untouched forward again at every keystroke.
    let plainCache = Mutex<(ids: [Int], logits: [Float])?>(nil)

    public init(name: String, bytes: ModelBytes) throws(ModelError) {
        let file = try GGUFFile.parse(bytes.buffer)
        let (c, tokenizer) = try Self.readHeader(file)
        self.tokenizer = tokenizer
        self.weights = try DecoderWeights(file: file, bytes: bytes.buffer, config: c)
        self.chat = ChatTemplate.recognise(file.metadata["tokenizer.chat_template"]?.string)
        self.name = name
        self.config = c
        self.bytes = bytes
    }

    /// What `init(name:bytes:)` checks that a file's header can tell (config, tokenizer, every
    /// tensor's name, shape and type), without its weights: `attnviz models` lists as openable
    /// only what opens.
    public static func checkHeader(_ file: GGUFFile) throws(ModelError) -> DecoderConfig {
        let (c, _) = try readHeader(file)
        _ = try DecoderWeights(file: file, bytes: nil, config: c)
        return c
    }

    /// What the header alone gives, checked in the order the loader and the listing share: a
    /// model at all, the config, the tokenizer.
    static func readHeader(_ file: GGUFFile) throws(ModelError) -> (DecoderConfig, DecoderTokenizer) {
        try refuseVocabularyOnly(file)
        let c = try DecoderConfig.read(file)
        let (pipeline, vocabulary) = try TokenizerPipeline.gguf(file)
        return (
            c, DecoderTokenizer(pipeline: pipeline, endIDs: Set([vocabulary.eos].compactMap { $0 }), gguf: vocabulary)
        )
    }

    /// A file with a tokenizer and no weights (llama.cpp's test vocabularies) is said to be one.
    static func refuseVocabularyOnly(_ file: GGUFFile) throws(ModelError) {
        guard file.tensors.isEmpty else { return }
        let has = file.metadata["tokenizer.ggml.tokens"] != nil
        throw .gguf(
            has
                ? "the file holds a vocabulary only, no weights (as llama.cpp's ggml-vocab-*.gguf files do): a tokenizer, not a model"
                : "the file holds no tensors: there is no model in it")
    }

    /// A Hugging Face llama or GPT-2 folder's parts: config.json, its tokenizer, the chat template of
    /// tokenizer_config.json, model.safetensors.
    public init(
        name: String, config hf: HuggingFaceDecoderConfig, tokenizer: TokenizerPipeline, chatTemplate: String?,
        weights: ModelBytes
    ) throws(ModelError) {
        let (c, tied) = (hf.config, hf.tied)
        guard tokenizer.count <= c.vocabSize else {
            throw .tokenizer("has \(tokenizer.count) pieces but config.json's vocab_size is \(c.vocabSize)")
        }
        self.tokenizer = DecoderTokenizer(pipeline: tokenizer, endIDs: hf.endIDs)
        let index = try SafeTensorsIndex.parse(weights.buffer)
        self.weights =
            c.architecture == .gpt2
            ? try DecoderWeights(gpt2: index, bytes: weights, config: c)
            : try DecoderWeights(safeTensors: index, bytes: weights, config: c, tied: tied)
        self.chat = ChatTemplate.recognise(chatTemplate)
        self.name = name
        self.config = c
        self.bytes = weights
    }

    /// Bytes of the weights as stored.
    public var weightBytes: Int { weights.byteCount }

    /// An empty sequence: no tokens, an empty cache.
    public func start() -> DecoderState { DecoderState(layers: config.layers, heads: config.heads) }

    /// The ids of `text`, refused when the model could not read them or the maps would not fit.
    public func encode(_ text: String) -> Result<[Int], ModelError> {
        let ids = tokenizer.encode(text)
        if ids.count > config.contextLength {
            return .failure(.contextTooLong(count: ids.count, limit: config.contextLength))
        }
        // The weights live in the same budget as the maps.
        let budget = max(0, Double(MemoryBudget.bytes) - Double(weightBytes))
        if estimatedBytes(tokens: ids.count) > budget {
            var fit = ids.count
            while fit > 2 && estimatedBytes(tokens: fit) > budget { fit = fit * 9 / 10 }
            return .failure(.tooLarge(needed: estimatedBytes(tokens: ids.count), budget: budget, fitTokens: fit))
        }
        return .success(ids)
    }

    /// The whole prompt at once.
    public func forward(_ ids: [Int], knockout: HeadKnockout = HeadKnockout()) -> DecoderState {
        var s = start()
        s.knockout = knockout
        append(ids, to: &s)
        return s
    }

    /// Runs `ids` after what `state` holds: their keys and values join the cache, one attention
    /// row per new token joins every matrix, and the logits become those after the last one.
    public func append(_ ids: [Int], to state: inout DecoderState) {
        append(ids, to: &state, unless: { false })
    }

    /// As `append`, asking `cancelled` before each layer: a newer keystroke supersedes a long
    /// forward (an 8B prompt takes seconds) instead of queueing behind it. Cancelled, it leaves
    /// `state` as it was before the call, so the cache it holds still serves the next request,
    /// and returns false.
    @discardableResult
    public func append(_ ids: [Int], to state: inout DecoderState, unless cancelled: () -> Bool) -> Bool {
        let c = config
        let m = ids.count
        guard m > 0 else { return true }
        precondition(ids.allSatisfy { (0..<c.vocabSize).contains($0) } && state.count + m <= c.contextLength)
        let first = state.count
        state.reserve(adding: m, kvWidth: c.kvHeads * c.headSize, hidden: c.hiddenSize)
        var x = Matrix(rows: m, cols: c.hiddenSize)
        x.storage.withUnsafeMutableBufferPointer { xp in
            for (t, id) in ids.enumerated() {
                weights.embedding.expandRow(id, into: xp.baseAddress! + t * c.hiddenSize)
            }
        }
        if let positions = weights.positions { DecoderBlock.addPositions(&x, positions, first: first) }
        if c.gemma { DecoderBlock.scale(&x, by: Float(c.hiddenSize).squareRoot()) }
        func rotary(_ base: Float) -> DecoderBlock.Rotary {
            DecoderBlock.Rotary(
                first: first, count: m, dims: c.ropeDims, base: base, factors: weights.ropeFactors ?? c.ropeFactors,
                scale: c.ropeScale)
        }
        let global = c.architecture.usesRoPE ? rotary(c.ropeBase) : nil
        let local = c.architecture.usesRoPE && c.slidingWindow != nil ? rotary(c.localRopeBase) : nil
        for (l, w) in weights.layers.enumerated() {
            if cancelled() {
                state.forget(after: first, kvWidth: c.kvHeads * c.headSize, hidden: c.hiddenSize)
                return false
            }
            let b = w.biases
            let h = norm(x, w.attentionNorm, b?.attentionNorm)
            var q = DecoderBlock.linear(h, w.q, b?.q)
            var k = DecoderBlock.linear(h, w.k, b?.k)
            let v = DecoderBlock.linear(h, w.v, b?.v)
            if let qn = w.queryNorm, let kn = w.keyNorm {
                DecoderBlock.headNorm(&q, heads: c.heads, headSize: c.headSize, qn, eps: c.rmsEps)
                DecoderBlock.headNorm(&k, heads: c.kvHeads, headSize: c.headSize, kn, eps: c.rmsEps)
            }
            let window = c.window(layer: l)
            if let table = window != nil ? local : global {
                DecoderBlock.rope(&q, heads: c.heads, headSize: c.headSize, table, halves: c.ropeHalves)
                DecoderBlock.rope(&k, heads: c.kvHeads, headSize: c.headSize, table, halves: c.ropeHalves)
            }
            state.keys[l].append(contentsOf: k.storage)
            state.values[l].append(contentsOf: v.storage)
            var concat = DecoderBlock.attend(
                q: q, keys: state.keys[l], values: state.values[l], first: first, config: c, window: window,
                rows: &state.attentionRows[l])
            DecoderBlock.ablate(&concat, layer: l, &state, headSize: c.headSize)
            var attended = DecoderBlock.linear(concat, w.o, b?.o)
            if let post = w.postAttentionNorm { attended = norm(attended, post, nil) }
            if state.capture?.layer == l {
                state.capture?.append(x: h, q: q, k: k, v: v, concat: concat, output: attended)
            }
            add(&x, attended)
            let h2 = norm(x, w.ffnNorm, b?.ffnNorm)
            var mlp: Matrix
            if let gateWeights = w.gate {
                var gate = QuantizedKernels.multiply(h2, gateWeights)
                let up = QuantizedKernels.multiply(h2, w.up)
                if c.gemma { DecoderBlock.geGLU(&gate, up) } else { DecoderBlock.swiGLU(&gate, up) }
                mlp = QuantizedKernels.multiply(gate, w.down)
            } else {
                var up = DecoderBlock.linear(h2, w.up, b?.up)
                DecoderBlock.geluTanh(&up)
                mlp = DecoderBlock.linear(up, w.down, b?.down)
            }
            if let post = w.postMLPNorm { mlp = norm(mlp, post, nil) }
            add(&x, mlp)
            state.residuals[l].append(contentsOf: x.storage)
        }
        state.ids.append(contentsOf: ids)
        let last = Matrix(rows: 1, cols: c.hiddenSize, storage: Array(x.row(m - 1)))
        state.logits = logits(last)
        return true
    }

    /// Next-token logits of residual-stream rows, through the final norm and the output matrix
    /// (the last layer's rows give the model's prediction; earlier layers' give the logit lens).
    public func logits(_ residual: Matrix) -> [Float] {
        var out = QuantizedKernels.multiply(norm(residual, weights.outputNorm, weights.outputNormBias), weights.output)
            .storage
        if let cap = config.finalSoftcap { DecoderBlock.softcap(&out, cap) }
        return out
    }

    /// The block's normalization: RMSNorm (llama), or LayerNorm with its shift (GPT-2).
    func norm(_ x: Matrix, _ w: [Float], _ shift: [Float]?) -> Matrix {
        guard let shift else { return DecoderBlock.rmsNorm(x, w, eps: config.rmsEps) }
        return BertKernels.addNorm(x, nil, LayerNormWeights(gamma: w, beta: shift), eps: config.rmsEps)
    }

    func add(_ x: inout Matrix, _ y: Matrix) {
        x.storage.withUnsafeMutableBufferPointer { xp in
            y.storage.withUnsafeBufferPointer { yp in
                for i in 0..<xp.count { xp[i] += yp[i] }
            }
        }
    }

    /// Bytes a sequence of n tokens keeps: attention rows of every head, the cache, the
    /// residuals of every layer, and one layer's activations.
    public func estimatedBytes(tokens n: Int) -> Double {
        let c = config
        let n = Double(n)
        let rows = Double(c.layers * c.heads) * n * (n + 1) / 2
        let cache = Double(c.layers) * n * Double(2 * c.kvHeads * c.headSize + c.hiddenSize)
        let layer = n * Double(2 * c.hiddenSize + 2 * c.attentionWidth + 2 * c.intermediateSize)
        // The window also keeps the maps as n × n matrices for the views.
        return 4 * (rows * 3 + cache + layer)
    }

    /// Multiply-adds ×2 of a prompt forward at n tokens, logits at the last position only.
    public func flops(tokens n: Int) -> Double {
        let c = config
        let d = Double(c.hiddenSize)
        let width = Double(c.attentionWidth)
        let kv = Double(c.kvHeads * c.headSize)
        let perToken = d * (2 * width + 2 * kv) + 3 * d * Double(c.intermediateSize)
        let m = Double(n)
        return 2 * Double(c.layers) * (m * perToken + m * m * width) + 2 * d * Double(c.vocabSize)
    }
}
