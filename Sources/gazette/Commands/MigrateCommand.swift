import ArgumentParser
import Foundation
import GazetteDaemon
import GazetteStore
import GazetteStorePostgres

/// `gazette migrate --from FILE --to postgresql://…`: moves a SQLite store into PostgreSQL.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy a SQLite store into a PostgreSQL database (resumable; checks the counts).",
        discussion: """
            Copies pages, articles (under the same ids; the search index is made anew from their text),
            duplicates, failures and labels, one page per transaction, printing progress. A run stopped
            anywhere is run again: what is there already is skipped. At the end the row counts of both
            stores are compared; the exit status is 1 when they differ. Stop the daemon writing to the
            SQLite file first. The password comes from password_file in gazette.toml or PGPASSFILE.
            """)

    @Option(help: ArgumentHelp("The SQLite store to copy (opened read-only).", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL store: postgresql://USER@HOST:PORT/DB?sslmode=MODE.", valueName: "url"))
    var to: String

    @Flag(help: "The report as JSON ({copied, skipped, source, target, mismatches}).")
    var json = false

    struct Summary: Encodable {
        var copied: [String: Int]
        var skipped: [String: Int]
        var source: [String: Int]
        var target: [String: Int]
        var mismatches: [String]
    }

    func validate() throws {
        guard PostgresURL.isPostgres(to) else {
            throw ValidationError("--to \(to): expected a PostgreSQL URL, postgresql://USER@HOST:PORT/DB?sslmode=prefer")
        }
    }

    func run() throws {
        let source = try GazetteStore(path: from, readOnly: true)
        let passwordFile = DaemonOptions.existingDefaultConfigFile
            .flatMap { try? DaemonConfig.load(file: $0).passwordFile }.flatMap { $0.isEmpty ? nil : $0 }
        let target = try PostgresStore(to, passwordFile: passwordFile)
        let report = try StoreMigration.run(from: source, to: target) { line in
            if !json { Output.line(line) }
        }
        if json {
            Output.line(try Output.json(Summary(
                copied: report.copied, skipped: report.skipped, source: report.source, target: report.target,
                mismatches: report.mismatches)))
        } else if report.mismatches.isEmpty {
            let counts = ["files", "articles", "duplicates", "failures", "labels"]
                .map { "\(report.target[$0] ?? 0) \($0)" }.joined(separator: ", ")
            Output.line("migrate: ok, the counts agree (\(counts)) in \(target.location)")
        } else {
            for mismatch in report.mismatches { Output.line("MISMATCH: \(mismatch)") }
            Output.line("migrate: the counts differ; run it again to copy what is missing, or check that nothing else writes to \(target.location)")
        }
        if !report.mismatches.isEmpty { throw ExitCode(1) }
    }
}
