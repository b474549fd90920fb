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

    /// Each target's comment in Package.swift (consecutive `//` lines joined), by target name.
    static func targetComments(_ package: String) -> [(name: String, comment: String)] {
        let lines = package.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [(String, String)] = []
        var comment: [String] = []
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("// ") {
                comment.append(String(line.dropFirst(3)))
                continue
            }
            if !comment.isEmpty, line.hasPrefix(".") {
                let window = lines[i..<min(lines.count, i + 3)].joined(separator: " ")
                if let r = window.range(of: "name: \""),
                    let name = window[r.upperBound...].split(separator: "\"", maxSplits: 1).first
                {
                    out.append((String(name), comment.joined(separator: " ")))
                }
            }
            comment = []
        }
        return out
    }

    @Test("the README's Layout says of each target what Package.swift's comment above it says, word for word")
    func layoutMatchesPackage() throws {
        let readme = try String(contentsOfFile: RepoPaths.root() + "/README.md", encoding: .utf8)
        let package = try String(contentsOfFile: RepoPaths.root() + "/Package.swift", encoding: .utf8)
        let layout = try #require(readme.components(separatedBy: "## Layout").dropFirst().first)
        let described = Self.targetComments(package)
        #expect(described.count >= 16, "\(described.map(\.name))")
        for (name, comment) in described {
            #expect(layout.contains("- `\(name)`: \(comment)\n"), "README Layout's line for \(name) is not: \(comment)")
        }
        // Every target, tests included, is named.
        let names = package.components(separatedBy: "name: \"").dropFirst().compactMap {
            $0.split(separator: "\"", maxSplits: 1).first.map(String.init)
        }.filter { $0 != "AttnViz" }
        for name in names {
            #expect(layout.contains("`\(name)`"), "README Layout is missing \(name)")
        }
        // Every library and executable target has its comment.
        let libraries = names.filter { !$0.hasSuffix("Tests") && $0 != "TestSupport" }
        #expect(
            Set(libraries) == Set(described.map(\.name)),
            "targets without a comment: \(Set(libraries).subtracting(described.map(\.name)))")
    }
}
