import AttentionCore
import Decoders
import Encoders
import ModelFormats
import ModelLoading
import Tokenizers

/// `attnviz dump`: the whole trace as JSON on stdout.
enum DumpCommand {
    static func run(_ o: Options) throws -> Int32 {
        switch try loadModel(o) {
        case .decoder(let model)?: return try runDecoder(o, model)
        case .encoder(let model)?:
            try refuseKnockout(o, "dump")
            try refuseLook(o)
            return try runModel(o, model)
        case nil:
            try refuseKnockout(o, "dump")
            try refuseLook(o)
        }
        switch AttentionEngine.run(text: o.input, mode: o.mode, settings: o.settings) {
        case .failure(let error):
            printError("attnviz: \(error.description)")
            printError(Usage.hint(for: "dump"))
            return 2
        case .success(let trace):
            var out = CheckedOutput()
            trace.writeDump(to: &out)
            return out.finish("dump")
        }
    }
}

extension DumpCommand {
    static func runModel(_ o: Options, _ model: EncoderModel) throws -> Int32 {
        guard o.layer <= model.config.layers else {
            throw UsageError(
                message: "--layer \(o.layer): \(model.name) has \(model.config.layers) layers", command: "dump")
        }
        switch model.encode(o.input) {
        case .failure(let e):
            throw UsageError(message: e.description, command: "dump")
        case .success(let encoding):
            guard encoding.count > 0 else { throw UsageError(message: "the input is empty", command: "dump") }
            let trace = model.forward(encoding, inspect: o.layer - 1)
            var out = CheckedOutput()
            trace.writeDump(modelName: model.name, config: model.config, to: &out)
            return out.finish("dump")
        }
    }
}
