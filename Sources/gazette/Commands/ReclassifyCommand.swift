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

    @Option(help: "Only pages received on or after this day.")
    var since: DayArgument?

    @Option(help: "Articles per transaction.")
    var batchSize = 500

    @Flag(help: "The summary as JSON.")
    var json = false

    func run() throws {
        guard let classify = ClassifierHook.load() else {
            FileHandle.standardError.write(Data("""
                gazette reclassify: no classifier is available in this build yet; nothing was changed.

                """.utf8))
            throw ExitCode(1)
        }
        let store = try storeOptions.open(readOnly: false)
        let summary = try store.reclassify(since: since?.date, batchSize: batchSize, classify)
        if json {
            Output.line(try Output.json(summary))
        } else {
            Output.line("examined \(summary.examined), changed \(summary.changed), kept \(summary.skippedLabelled) analyst labels, no verdict \(summary.noVerdict)")
        }
    }
}

/// Where the classifier plugs into `reclassify`: the classifier module provides the
/// function; until it lands this returns nil and the command says so.
enum ClassifierHook {
    static func load() -> ((Article) -> Classification?)? { nil }
}
