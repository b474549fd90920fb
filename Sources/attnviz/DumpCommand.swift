import AttentionCore

/// `attnviz dump`: the whole trace as JSON on stdout.
enum DumpCommand {
    static func run(_ o: Options) -> Int32 {
        switch AttentionEngine.run(text: o.input, mode: o.mode, settings: o.settings) {
        case let .failure(error):
            printError("attnviz: \(error.description)")
            printError(Usage.hint(for: "dump"))
            return 2
        case let .success(trace):
            print(trace.dumpJSON(), terminator: "")
            return 0
        }
    }
}
