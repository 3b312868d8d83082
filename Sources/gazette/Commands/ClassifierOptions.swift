import Foundation
import ArgumentParser
import GazetteCore
import GazetteDaemon

/// `--taxonomy` and `--model`, shared by classify, train and eval.
struct ClassifierOptions: ParsableArguments {
    @Option(help: "Taxonomy TOML (default: the built-in copy of config/taxonomy.toml).")
    var taxonomy: String?

    @Option(help: "Model file written by `gazette train` (default: the built-in model).")
    var model: String?

    func classifier() throws -> TopicClassifier {
        try ClassifierLoader.load(taxonomyPath: taxonomy, modelPath: model)
    }
}

/// Minimal JSON string escaping for hand-ordered JSON lines (key order is part of the contract).
func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
