import Foundation
import ModelLoading
import Synchronization
import TestSupport
import Testing

@testable import Decoders

@Suite("A newer keystroke supersedes a running forward")
struct SupersedeTests {
    @Test(
        "stopped between layers: nil, the cache keeps the shared prefix whole, the next request is exact",
        arguments: [0, 1, 17, 29])
    func superseded(stopAfter calls: Int) throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let a = try model.encode("The cat sat on the mat").get()
        let b = try model.encode("The cat sat on the rug because it was warm").get()
        let before = model.state(for: a, inspect: 3)
        var asked = 0
        let stopped = model.state(for: b, inspect: 3) {
            asked += 1
            return asked > calls
        }
        #expect(stopped == nil && asked == calls + 1, "the forward ran past the request that superseded it")
        var shared = 0
        while a[shared] == b[shared] { shared += 1 }
        var held = try #require(model.lastState.withLock { $0 })
        let kept = held == before.prefix(shared)
        #expect(held.count == shared && kept, "the cache lost or garbled the prefix both requests share")
        var fresh = model.start()
        fresh.capture = LayerCapture(layer: 3)
        model.append(b, to: &fresh)
        model.append(Array(b[shared...]), to: &held)
        let exact = model.state(for: b, inspect: 3) == fresh && held == fresh
        #expect(exact, "the forward after a superseded one differs from a fresh one")
    }

    @Test("a cancelled append leaves the state it was given as it was")
    func cancelledAppend() throws {
        let model = try GGUFModelFile.load(Decoders.smolLM2).get()
        let ids = try model.encode("The cat sat on the mat").get()
        let before = model.forward(Array(ids.prefix(3)))
        for stop in [0, 5, 29] {
            var s = before
            var asked = 0
            let done = model.append(Array(ids.suffix(3)), to: &s) {
                asked += 1
                return asked > stop
            }
            let same = s == before
            #expect(!done && same, "stopping before layer \(stop) changed the state")
        }
    }
}
