import ArgumentParser
import Foundation
import GazetteStore

/// Every stored article as JSON Lines, streamed from a database cursor (constant memory).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write stored articles as JSON Lines (contract fields, id, file_sha256).")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Only pages received on or after this day: \(DayArgument.format).", valueName: "day"),
            transform: DayArgument.parse)
    var since: DayArgument?

    @Option(help: ArgumentHelp("Only pages received on or before this day (the whole day): \(DayArgument.format).",
                               valueName: "day"),
            transform: DayArgument.parse)
    var until: DayArgument?

    func run() throws {
        let store = try storeOptions.openStore(readOnly: true)
        var out = BufferedOutput()
        try store.exportArticles(since: since?.date, until: until?.untilBound) { stored in
            out.write(ExportedArticle(article: stored).jsonBytes() + [0x0A])
        }
        out.flush()
    }
}
