import Dispatch
import TrainedModels
import VisualizerModel

/// Runs trained-model requests on one background thread so the render loop never waits.
///
/// Newest wins: a request that arrives while another computes replaces any that was waiting
/// (typing fast computes the latest text, not every keystroke). Answers queue up until the loop
/// collects them once a frame; `reduce` drops the stale ones by generation.
public final class ModelWorker: @unchecked Sendable {
    public let model: BertModel
    private let mailbox = DispatchQueue(label: "attnviz.model.mailbox")
    private let compute = DispatchQueue(label: "attnviz.model.compute", qos: .userInitiated)
    // Guarded by `mailbox`.
    private var waiting: ModelRequest?
    private var running = false
    private var answers: [Action] = []

    public init(model: BertModel) {
        self.model = model
    }

    public func submit(_ request: ModelRequest) {
        let start: Bool = mailbox.sync {
            waiting = request
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
        while true {
            let next: ModelRequest? = mailbox.sync {
                let r = waiting
                waiting = nil
                if r == nil { running = false }
                return r
            }
            guard let request = next else { return }
            let answer = ModelRunner.run(model, request)
            mailbox.sync { answers.append(answer) }
        }
    }
}
