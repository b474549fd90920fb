import AttentionCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one line to stderr (never more than a few hundred characters, whatever it quotes).
func printError(_ line: String) {
    let joined = line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
    writeStderr(shortened(escapingControls(joined), limit: 400) + "\n")
}

/// `s` on stderr as it is (a progress line rewrites itself with "\r").
func writeStderr(_ s: String) {
    let bytes = Array(s.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
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
        var lines = [Usage.version, "kernels: \(KernelTier.current) tier"]
        if let note = KernelTier.slowArithmeticNote { lines.append("note: \(note)") }
        return CheckedOutput.print(lines.joined(separator: "\n"), what: "version")
    }
    do {
        switch command {
        case "dump":
            let o = try Options.parse(rest, command: command, groups: [.engine, .knockout, .look])
            if o.help { return CheckedOutput.print(Usage.dump, what: "help") }
            return try DumpCommand.run(o)
        case "render":
            let o = try Options.parse(rest, command: command, groups: [.engine, .display, .render])
            if o.help { return CheckedOutput.print(Usage.render, what: "help") }
            return try RenderCommand.run(o)
        case "record":
            let o = try Options.parse(rest, command: command, groups: [.engine, .display, .record])
            if o.help { return CheckedOutput.print(Usage.record, what: "help") }
            return try RecordCommand.run(o)
        case "generate":
            let o = try Options.parse(rest, command: command, groups: [.generate, .knockout])
            if o.help { return CheckedOutput.print(Usage.generate, what: "help") }
            return try GenerateCommand.run(o)
        case "models":
            return try ModelsCommand.run(rest)
        case "attnviz":
            let o = try Options.parse(rest, command: command, groups: [.engine, .display, .window])
            if o.help { return CheckedOutput.print(Usage.main, what: "help") }
            return try WindowCommand.run(o)
        default:
            throw UsageError(
                message:
                    "unknown command '\(shortened(command))' (commands: dump, render, record, generate, models; no command opens the window)",
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
// A closed reader (`attnviz dump | head -c 10`, ffmpeg gone) is a write error with its own line
// and exit 1, as every output says; the default SIGPIPE would kill the process with no word.
signal(SIGPIPE, SIG_IGN)
exit(runMain(Array(CommandLine.arguments.dropFirst())))
