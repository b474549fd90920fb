import AttentionCore
import Decoders
import Dispatch
import Encoders
import ModelFormats
import Tokenizers
import VisualizerModel

/// Runs work too slow for a frame (a trained model's forward, a long input's recompute) on one
/// background thread, so the render loop never waits.
///
/// Newest wins: a request that arrives while another computes replaces any that was waiting
/// (typing fast computes the latest text, not every keystroke). Answers queue up until the loop
/// collects them once a frame; `reduce` drops the stale ones by generation.
public final class ComputeWorker: @unchecked Sendable {
    public let model: TrainedModel?
    private let mailbox = DispatchQueue(label: "attnviz.compute.mailbox")
    private let compute = DispatchQueue(label: "attnviz.compute", qos: .userInitiated)
    // Guarded by `mailbox`.
    private var waiting: (@Sendable ((Action) -> Void, @escaping @Sendable () -> Bool) -> Void)?
    private var running = false
    private var answers: [Action] = []

    /// Called on the worker's thread after each answer (the window pushes an SDL event, so a
    /// loop asleep in SDL_WaitEventTimeout wakes at once instead of polling).
    private let onAnswer: (@Sendable () -> Void)?

    /// Further models a lecture switches to, by key (`ModelInfo.key`).
    public let models: [String: TrainedModel]

    public init(model: TrainedModel?, models: [String: TrainedModel] = [:], onAnswer: (@Sendable () -> Void)? = nil) {
        self.model = model
        self.models = models
        self.onAnswer = onAnswer
    }

    /// A trained model's forward (ignored without a model), which a newer request cancels
    /// between layers: typing during an 8B model's forward computes the latest text next,
    /// not after the stale one.
    public func submit(_ request: ModelRequest) {
        guard let model = models[request.model] ?? model else { return }
        submitPhased { post, cancelled in
            if let answer = ModelRunner.run(model, request, unless: cancelled) { post(answer) }
        }
    }

    /// A long input's recompute by the seeded engine: the overview first, then the trace, which
    /// a newer request cancels (it would only delay the newer picture).
    public func submit(_ request: EngineRequest) {
        submitPhased { post, cancelled in EngineRunner.runPhased(request, post: post, cancelled: cancelled) }
    }

    /// Work that may post several answers and should stop when `cancelled` turns true.
    public func submitPhased(
        _ work: @escaping @Sendable (_ post: (Action) -> Void, _ cancelled: @escaping @Sendable () -> Bool) -> Void
    ) {
        let start: Bool = mailbox.sync {
            waiting = work
            if running { return false }
            running = true
            return true
        }
        if start { compute.async { self.drain() } }
    }

    /// Answers finished since the last call.
    public func collect() -> [Action] {
        mailbox.sync {
            let a = answers
            answers = []
            return a
        }
    }

    /// Whether a request is computing or waiting.
    public var isBusy: Bool { mailbox.sync { running } }

    private func drain() {
        Parallel.lowerThreadPriority()
        while true {
            let next: (@Sendable ((Action) -> Void, @escaping @Sendable () -> Bool) -> Void)? = mailbox.sync {
                let r = waiting
                waiting = nil
                if r == nil { running = false }
                return r
            }
            guard let work = next else { return }
            work(
                { answer in
                    self.mailbox.sync { self.answers.append(answer) }
                    self.onAnswer?()
                }, { [weak self] in self?.mailbox.sync { self?.waiting != nil } ?? true })
        }
    }
}
