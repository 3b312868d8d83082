import ArgumentParser
import GazetteDaemon
import GazetteStore

/// The one executable: `serve` runs the daemon, the other subcommands are the analyst's tools.
@main
struct Gazette: AsyncParsableCommand {
    /// The release, printed by `gazette --version`. The one place the version is written:
    /// the Makefile reads it from this line for `make deb` (and checks debian/changelog
    /// against it), so the binary needs no git or file at run time to know what it is.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Turn OCR'd Chinese newspaper pages into a searchable, classified article store.",
        version: version,
        subcommands: [
            ParseCommand.self,
            ClassifyCommand.self,
            TrainCommand.self,
            EvalCommand.self,
            IngestCommand.self,
            ImportCommand.self,
            SearchCommand.self,
            ShowCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            VerifyCommand.self,
            LabelCommand.self,
            ReclassifyCommand.self,
            MigrateCommand.self,
            CatalogCommand.self,
            ServeCommand.self,
            WebCommand.self,
            ConfigCommand.self,
        ]
    )

    /// ArgumentParser's time grows with the square of the number of arguments (5,000 search
    /// words took 11 s just to parse), so a search with far more words than it may have is
    /// refused before parsing, with the store's own message about the limits.
    ///
    /// The daemon bounds its process's malloc arenas here, before ArgumentParser and the
    /// concurrency runtime start threads (an arena made before the bound stays).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == ServeCommand.configuration.commandName { Daemon.boundProcessMemory() }
        if let refusal = SearchCommand.refusalBeforeParsing(arguments) {
            SearchCommand.exit(withError: refusal)
        }
        await main(arguments)
    }
}
