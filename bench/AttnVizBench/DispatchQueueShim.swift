import Dispatch

/// Runs `body` once per core, concurrently.
enum DispatchQueueShim {
    static func concurrentPerform(_ count: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
