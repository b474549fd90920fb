import AttentionCore
import ModelLoading
import SafeFiles

/// `attnviz models`: what --model can open here, in models/ (or --dir) and the hub cache.
enum ModelsCommand {
    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var folder = "models"
        var rest = args[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--help", "-h": return CheckedOutput.print(Usage.models, what: "help")
            case "--dir":
                guard let value = rest.popFirst(), !value.isEmpty else {
                    throw UsageError(message: "--dir needs a folder", command: "models")
                }
                folder = value
            default:
                throw UsageError(message: "unknown flag '\(shortened(flag, limit: 60))' for models", command: "models")
            }
        }
        let stores = ModelStores()
        // A --dir that is not a folder is said (a typo would otherwise just list the hub cache);
        // a fresh checkout's missing models/ is not a problem.
        if let problem = FileProblem.folder(at: folder), folder != "models" || problem != .missing {
            let why = problem == .missing ? "no such folder" : problem.descriptionWhereAFolderIsWanted
            printError(
                "attnviz models: --dir '\(shortened(folder, limit: 80))': \(why); listing the hub cache, Ollama and LM Studio only"
            )
        }
        let entries = ModelCatalog.entries(folder: folder, stores: stores)
        guard !entries.isEmpty else {
            return CheckedOutput.print(
                "no models in \(folder)/, the hub cache (\(stores.hub.root)), Ollama (\(stores.ollama.root)) or LM Studio; "
                    + "`make model` and `make model-llm` fetch two",
                what: "list")
        }
        let width = min(48, entries.map(\.name.count).max() ?? 0)
        return CheckedOutput.print(
            entries.map { ModelCatalog.line($0, nameWidth: width) }.joined(separator: "\n"), what: "list")
    }
}
