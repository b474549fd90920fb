import Foundation
import TestSupport
import Testing

@testable import VisualizerModel

@Suite("README")
struct ReadmeTests {
    @Test("the README lists every key binding the app has, with its description")
    func bindingsDocumented() throws {
        let readme = try String(contentsOfFile: RepoPaths.root() + "/README.md", encoding: .utf8)
        for b in KeyBindings.all {
            #expect(readme.contains("| \(b.label) | \(b.help) |"), "README is missing: | \(b.label) | \(b.help) |")
        }
    }
}
