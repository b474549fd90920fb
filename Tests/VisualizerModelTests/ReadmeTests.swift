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

    @Test("the README's Layout names every target of Package.swift")
    func layoutNamesEveryTarget() throws {
        let readme = try String(contentsOfFile: RepoPaths.root() + "/README.md", encoding: .utf8)
        let package = try String(contentsOfFile: RepoPaths.root() + "/Package.swift", encoding: .utf8)
        let layout = try #require(readme.components(separatedBy: "## Layout").dropFirst().first)
        let names = package.components(separatedBy: "name: \"").dropFirst().compactMap {
            $0.split(separator: "\"", maxSplits: 1).first.map(String.init)
        }.filter { $0 != "AttnViz" }
        #expect(names.count >= 15)
        for name in names {
            #expect(layout.contains("`\(name)`") || layout.contains(name + " "), "README Layout is missing \(name)")
        }
    }
}
