import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Helper threads that stay awake for a moment between parallel regions.
///
/// A forward pass over a few tokens is dozens of short products, each split across the cores.
/// Handing each to a sleeping Dispatch thread (a futex wake-up, tens of microseconds on a VM)
/// cost about a quarter of a 16-token BERT forward. Here a helper polls for a while after a
/// region before it sleeps, so the next region finds it awake; the caller works too.
///
/// One word holds the region's generation, its chunk count and the next chunk, so a chunk is
/// claimed (compare-and-exchange) only for the region it was read from, and a region cannot end
/// while a claimed chunk runs. One region at a time: a second caller, or a region started from
/// inside one, gets `false` and falls back to Dispatch.
final class WorkerTeam: @unchecked Sendable {
    static let shared = WorkerTeam(helpers: max(0, Parallel.cores - 1))

    private let helpers: Int
    /// generation (bits 40…63) | chunk count (20…39) | next chunk (0…19).
    private let state = Atomic<UInt64>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    /// Written before the region's state is published (release), read after a chunk is claimed.
    private var body: ((Int) -> Void)?
    private var generation: UInt64 = 0

    /// Polls (sched_yield each) before an idle helper sleeps: about a millisecond.
    static let spinLimit = 1_500
    static let maxChunks = (1 << 20) - 1

    init(helpers: Int) {
        self.helpers = helpers
        for _ in 0..<helpers { Helper(team: self).start() }
    }

    /// Runs body(0..<count) across the caller and the helpers; false when the team was taken.
    func run(_ count: Int, _ body: (Int) -> Void) -> Bool {
        guard helpers > 0, count > 0, count <= WorkerTeam.maxChunks,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        withoutActuallyEscaping(body) { escaping in
            self.body = escaping
            finished.store(0, ordering: .relaxed)
            generation = (generation + 1) & 0xff_ffff
            state.store(generation << 40 | UInt64(count) << 20, ordering: .sequentiallyConsistent)
            let asleep = sleepers.load(ordering: .sequentiallyConsistent)
            for _ in 0..<asleep { wake.signal() }
            work()
            while finished.load(ordering: .acquiring) < count { sched_yield() }
            self.body = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs chunks of the published region until none are left.
    private func work() {
        var s = state.load(ordering: .acquiring)
        while true {
            let next = Int(s & 0xf_ffff)
            let count = Int((s >> 20) & 0xf_ffff)
            guard next < count else { return }
            let (claimed, seen) = state.compareExchange(expected: s, desired: s + 1, ordering: .acquiringAndReleasing)
            if claimed {
                body?(next)
                finished.add(1, ordering: .releasing)
                s += 1
            } else {
                s = seen
            }
        }
    }

    fileprivate func helperLoop() {
        // Helpers mostly serve the window's background recomputes; see `lowerThreadPriority`.
        Parallel.lowerThreadPriority()
        var seen = state.load(ordering: .acquiring) >> 40
        while true {
            var spins = 0
            while state.load(ordering: .sequentiallyConsistent) >> 40 == seen {
                spins += 1
                if spins < WorkerTeam.spinLimit {
                    sched_yield()
                    continue
                }
                sleepers.add(1, ordering: .sequentiallyConsistent)
                // A region published before we counted ourselves asleep must not be missed.
                if state.load(ordering: .sequentiallyConsistent) >> 40 == seen { wake.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                spins = 0
            }
            seen = state.load(ordering: .acquiring) >> 40
            work()
        }
    }

    /// A plain pthread that lives as long as the process (Dispatch's pool is not for blocking loops).
    private final class Helper: @unchecked Sendable {
        let team: WorkerTeam
        init(team: WorkerTeam) { self.team = team }

        func start() {
            var tid = pthread_t()
            let box = Unmanaged.passRetained(self).toOpaque()
            let ok = pthread_create(
                &tid, nil,
                { raw in
                    guard let raw else { return nil }
                    let me = Unmanaged<Helper>.fromOpaque(raw).takeRetainedValue()
                    me.team.helperLoop()
                    return nil
                }, box)
            if ok == 0 { pthread_detach(tid) } else { Unmanaged<Helper>.fromOpaque(box).release() }
        }
    }
}
