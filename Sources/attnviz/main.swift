import AttentionCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to stderr.
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

/// Parses, runs and exits; a usage error exits 2 with one line plus a hint.
func runMain(_ argv: [String]) -> Int32 {
    let command: String
    var rest = argv
    if let first = argv.first, !first.hasPrefix("-") {
        command = first
        rest.removeFirst()
    } else {
        command = "attnviz"
    }
    if command == "attnviz" && rest == ["--version"] {
        print(Usage.version)
        return 0
    }
    do {
        switch command {
        case "dump":
            let o = try Options.parse(rest, command: command, groups: [.engine])
            if o.help { print(Usage.dump); return 0 }
            return try DumpCommand.run(o)
        case "render":
            let o = try Options.parse(rest, command: command, groups: [.engine, .display, .render])
            if o.help { print(Usage.render); return 0 }
            return try RenderCommand.run(o)
        case "attnviz":
            let o = try Options.parse(rest, command: command, groups: [.engine, .display, .window])
            if o.help { print(Usage.main); return 0 }
            return try WindowCommand.run(o)
        default:
            throw UsageError(message: "unknown command '\(command)' (commands: dump, render; no command opens the window)",
                             command: "attnviz")
        }
    } catch let error as RunError {
        printError("attnviz: \(error.description)")
        return 1
    } catch let error as UsageError {
        printError("attnviz: \(error.message)")
        printError(Usage.hint(for: error.command))
        return 2
    } catch {
        printError("attnviz: \(error)")
        return 1
    }
}

AllocatorTuning.apply()
exit(runMain(Array(CommandLine.arguments.dropFirst())))
