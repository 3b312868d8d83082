import ArgumentParser
import Foundation
import GazetteCore
import GazetteStore

/// Re-runs the current classifier over stored articles, in batches, skipping labelled ones.
struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Re-run the classifier over stored articles (in batches; analyst labels are never overridden).")

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var classifierOptions: ClassifierOptions

    @Option(help: "Only pages received on or after this day.")
    var since: DayArgument?

    @Option(help: "Articles per transaction.")
    var batchSize = 500

    @Flag(help: "The summary as JSON.")
    var json = false

    func run() throws {
        let classifier = try classifierOptions.classifier()
        let store = try storeOptions.openStore(readOnly: false)
        let summary = try store.reclassify(since: since?.date, batchSize: batchSize, at: Date()) { classifier.classify($0) }
        if json {
            Output.line(try Output.json(summary))
        } else {
            Output.line("examined \(summary.examined), changed \(summary.changed), kept \(summary.skippedLabelled) analyst labels, no verdict \(summary.noVerdict)")
        }
    }
}
