import Foundation
import ArgumentParser
import GazetteCore
import GazetteClassifier

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
