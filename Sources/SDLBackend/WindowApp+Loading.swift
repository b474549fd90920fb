import AppShell
import CSDL2
import Decoders
import Dispatch
import ModelFormats
import Synchronization
import VisualizerModel

/// A model the window reads after it opens (an 8B file takes seconds): `load` runs on its own
/// thread and reports its bytes while the window shows its loading state; `open` turns what it
/// read into the window's state, on the window's thread (what it throws ends the window, as
/// `openingError`).
public struct ModelLoadJob {
    /// Reads the model, calling `progress(read, total)` as bytes come in (any thread).
    public var load: @Sendable (_ progress: @escaping @Sendable (Int, Int) -> Void) -> Result<TrainedModel, ModelError>
    public var open: (Result<TrainedModel, ModelError>) throws -> WindowStart

    public init(
        load:
            @escaping @Sendable (_ progress: @escaping @Sendable (Int, Int) -> Void) -> Result<TrainedModel, ModelError>,
        open: @escaping (Result<TrainedModel, ModelError>) throws -> WindowStart
    ) {
        self.load = load
        self.open = open
    }
}

/// What the window shows once its model is read: the opening state and the models behind it.
public struct WindowStart: Sendable {
    public var state: AppState
    public var model: TrainedModel?
    public var models: [String: TrainedModel]

    public init(state: AppState, model: TrainedModel?, models: [String: TrainedModel] = [:]) {
        self.state = state
        self.model = model
        self.models = models
    }
}

/// The read's progress and outcome, shared between its thread and the window's.
final class LoadingMailbox: Sendable {
    let progress = Mutex<(read: Int, total: Int)>((0, 0))
    let outcome = Mutex<Result<TrainedModel, ModelError>?>(nil)
}

extension WindowApp {
    /// Starts reading `load` on its own thread; every report wakes the window's loop.
    func startLoading(
        _ load: @escaping @Sendable (@escaping @Sendable (Int, Int) -> Void) -> Result<TrainedModel, ModelError>
    ) {
        let box = LoadingMailbox()
        loadingMailbox = box
        DispatchQueue.global(qos: .userInitiated).async {
            let result = load { read, total in
                box.progress.withLock { $0 = (read, total) }
                WindowApp.wakeLoop()
            }
            box.outcome.withLock { $0 = result }
            WindowApp.wakeLoop()
        }
    }

    /// Applies the read's progress, and once it is done, opens on the model (or stops, with
    /// the reason kept for the caller to print). True when the picture changed.
    func pollLoading() -> Bool {
        guard let box = loadingMailbox, let job = loadingJob else { return false }
        let (read, total) = box.progress.withLock { $0 }
        var changed = false
        if state.loading?.read != read || state.loading?.bytes != total {
            perform(reduce(&state, .modelLoading(read: read, of: total)))
            changed = true
        }
        guard let outcome = box.outcome.withLock({ $0 }) else { return changed }
        (loadingMailbox, loadingJob) = (nil, nil)
        do {
            install(try job.open(outcome))
        } catch {
            openingError = error
            running = false
        }
        return true
    }

    /// The loaded model's state and worker replace the loading screen's.
    func install(_ start: WindowStart) {
        let widths = state.textWidths
        state = start.state
        state.textWidths = widths
        state.engine.computesInBackground = true
        worker = ComputeWorker(model: start.model, models: start.models, onAnswer: Self.wakeLoop)
        syncViewport()
        perform(state.pendingEffects())
    }
}
