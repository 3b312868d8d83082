import ArgumentParser
import Foundation
import GazetteCore
import GazetteDaemon

/// `gazette train LABELLED.jsonl... -o MODEL`: fits the n-gram model on real labelled articles.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the n-gram topic model from labelled JSONL ({\"text\", \"headline\"?, \"category\"} per line).")

    @Argument(help: "Labelled JSONL files.")
    var files: [String]

    @Option(name: .shortAndLong, help: "Where to write the model.")
    var output: String

    @Option(help: "Hash buckets = 2^bits (8…24).")
    var bits = 18

    @Option(help: "Drop n-gram buckets seen fewer times than this in all training text.")
    var minCount: UInt32 = 2

    @Option(help: "Trust in the model against the lexicon, 0…1 (default: documents/2000, at most 1).")
    var blend: Double?

    @Option(help: "Taxonomy whose topic ids are the label set (default: built-in).")
    var taxonomy: String?

    func validate() throws {
        guard (8...24).contains(bits) else { throw ValidationError("--bits must be in 8…24") }
        if let blend, !(0...1).contains(blend) { throw ValidationError("--blend must be in 0…1") }
    }

    func run() throws {
        let tax = try ClassifierLoader.loadTaxonomy(path: taxonomy)
        let categories = tax.topicIDs + [Taxonomy.otherID]
        var examples: [LabelledExample] = []
        for file in files { examples += try LabelledCorpus.load(path: file) }
        let unknown = Set(examples.map(\.category)).subtracting(categories)
        if !unknown.isEmpty {
            FileHandle.standardError.write(Data("warning: ignoring examples labelled \(unknown.sorted().joined(separator: ", ")) (not in the taxonomy)\n".utf8))
        }
        let model = NGramTrainer.train(examples, categories: categories, bucketBits: bits, minCount: minCount, blendWeight: blend)
        let bytes = model.encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        let used = model.documentCounts.reduce(0, +)
        print("trained on \(used) articles, \(model.counts.count) n-gram buckets, blend weight \(model.blendWeight); wrote \(bytes.count) bytes to \(output)")
        for (id, n) in zip(model.categories, model.documentCounts) where n > 0 { print("  \(id)\t\(n)") }
    }
}
