import ArgumentParser
import Foundation
import GazetteCore
import GazetteClassifier
import GazetteDaemon
import GazetteStore

/// `gazette train [LABELLED.jsonl...] [--store S] [-o MODEL]`: fits the n-gram model, its
/// blend weight against the lexicon, the `other` threshold and the temperature on real
/// labelled articles — the shipped corpus, the analysts' labels in a store, and any JSONL given.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the topic model on the shipped corpus, a store's analyst labels and labelled JSONL.",
        discussion: """
            Everything but the n-gram counts is chosen by 5-fold cross-validation, so the model \
            is judged on articles it did not see; the lexicon alone (blend weight 0) is always a \
            candidate and is kept unless the model does better. Without -o the model is written \
            to the `model` path of the configuration, which the daemon loads on `systemctl reload gazette`.
            """)

    @Argument(help: "Labelled JSONL files ({\"text\", \"headline\"?, \"category\" or \"topic\"} per line).")
    var files: [String] = []

    @Option(help: "Learn from the analyst labels (`gazette label`) of this store.")
    var store: String?

    @Flag(name: .customLong("no-shipped"), help: "Leave out the shipped corpus (config/training/, built in).")
    var noShipped = false

    @Option(name: .shortAndLong, help: "Where to write the model (default: `model` in the configuration file).")
    var output: String?

    @Option(help: "Configuration file whose `model` (and `taxonomy`) paths to use (default: \(DaemonOptions.defaultConfigFile) when it exists).")
    var config: String?

    @Option(help: "Hash buckets = 2^bits (8…24).")
    var bits = 18

    @Option(help: "Drop n-gram buckets seen fewer times than this in all training text.")
    var minCount: UInt32 = 2

    @Option(help: "Taxonomy whose lexicon the model is blended with (default: the configuration's, else built-in).")
    var taxonomy: String?

    func validate() throws {
        guard (8...24).contains(bits) else { throw ValidationError("--bits must be in 8…24") }
    }

    func run() throws {
        let configFile = config ?? (FileManager.default.fileExists(atPath: DaemonOptions.defaultConfigFile) ? DaemonOptions.defaultConfigFile : nil)
        let daemonConfig = try configFile.map { try DaemonConfig.load(file: $0) }
        guard let output = output ?? daemonConfig.flatMap({ $0.model.isEmpty ? nil : $0.model }) else {
            throw ValidationError("no output: pass -o PATH, or set model = \"/var/lib/gazette/model.gznb\" in \(configFile ?? DaemonOptions.defaultConfigFile) so the daemon loads what you train")
        }
        let taxonomyPath = taxonomy ?? daemonConfig.flatMap { $0.taxonomy.isEmpty ? nil : $0.taxonomy }
        let tax = try ClassifierLoader.loadTaxonomy(path: taxonomyPath)
        let categories = tax.topicIDs + [Taxonomy.otherID]

        var examples: [LabelledExample] = noShipped ? [] : try LabelledCorpus.shipped()
        let shippedCount = examples.count
        for file in files { examples += try LabelledCorpus.load(path: file) }
        var storeCount = 0
        if let store {
            let labelled = try GazetteStore(path: store, readOnly: true).labelledArticles()
            storeCount = labelled.count
            examples += labelled.map { LabelledExample(article: $0.article.article, category: $0.label) }
        }
        examples = LabelledCorpus.deduplicated(examples)
        let unknown = Set(examples.map(\.category)).subtracting(categories)
        if !unknown.isEmpty {
            FileHandle.standardError.write(Data("warning: ignoring examples labelled \(unknown.sorted().joined(separator: ", ")) (not in the taxonomy)\n".utf8))
        }
        var options = ClassifierFit.Options()
        options.bucketBits = bits
        options.minCount = minCount
        let fit = ClassifierFit.fit(taxonomy: tax, examples: examples, options: options)
        let model = fit.model
        let bytes = model.encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        let used = model.documentCounts.reduce(0, +)
        print("trained on \(used) articles (\(noShipped ? 0 : shippedCount) shipped, \(storeCount) store labels, the rest from files), \(model.counts.count) n-gram buckets; wrote \(bytes.count) bytes to \(output)")
        let calibration = model.calibration.map { String(format: "temperature %.3f, other threshold %.2f", $0.temperature, $0.otherThreshold) } ?? "taxonomy calibration"
        print("blend weight \(String(format: "%.2f", model.blendWeight)), \(calibration); cross-validated accuracy+macro-F1+other F1 \(String(format: "%.3f", fit.chosenObjective)) (lexicon alone \(String(format: "%.3f", fit.lexiconObjective)))")
        for (id, n) in zip(model.categories, model.documentCounts) where n > 0 { print("  \(id)\t\(n)") }
    }
}
