import ArgumentParser

/// The one executable: `serve` runs the daemon, the other subcommands are the analyst's tools.
@main
struct Gazette: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Turn OCR'd Chinese newspaper pages into a searchable, classified article store.",
        subcommands: [
            ParseCommand.self,
            ClassifyCommand.self,
            TrainCommand.self,
            EvalCommand.self,
            IngestCommand.self,
            SearchCommand.self,
            ShowCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            VerifyCommand.self,
            LabelCommand.self,
            ReclassifyCommand.self,
            CatalogCommand.self,
            BenchCommand.self,
            ServeCommand.self,
            ConfigCommand.self,
        ]
    )
}
