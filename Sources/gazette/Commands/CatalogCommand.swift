import ArgumentParser
import GazetteDaemon

/// Prints the journal message catalog, the source of `systemd/gazette.catalog`.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print the journal message catalog: one entry per event MESSAGE_ID.",
        discussion: """
            journalctl -x shows these texts beside gazette's journal entries once the catalog \
            is installed (make install does it). To refresh the shipped file: \
            gazette catalog > systemd/gazette.catalog
            """)

    func run() {
        print(GazetteEvent.catalogText, terminator: "")
    }
}
