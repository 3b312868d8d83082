import ArgumentParser
import Foundation
import GazetteStore

/// Checks the store file and its invariants; exits non-zero with the problems found.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the store: SQLite integrity, every page with its articles, no SHA-256 twice, search indexes in step.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "The report as JSON ({checks, problems}).")
    var json = false

    func run() throws {
        // Verifying is looking: a path with no store is reported, never created empty.
        guard storeOptions.isPostgres || FileManager.default.fileExists(atPath: storeOptions.path) else {
            Output.line("verify: FAILED — \(StoreError.notFound(path: storeOptions.path))")
            throw ExitCode(2)
        }
        let store: any ArticleStore
        do {
            store = try storeOptions.openStore(readOnly: false)
        } catch let error as StoreError {
            if case .permissionDenied = error {
                // Not writable by this user: check what a reader can.
                store = try storeOptions.openStore(readOnly: true)
            } else {
                Output.line("verify: FAILED — \(Self.describe(error))")
                throw ExitCode(2)
            }
        }
        let report: VerifyReport
        do {
            report = try store.verify()
        } catch {
            Output.line("verify: FAILED — \(Self.describe(error))")
            throw ExitCode(2)
        }
        if json {
            Output.line(try Output.json(report))
        } else {
            for check in report.checks { Output.line("checked: \(check)") }
            for problem in report.problems { Output.line("PROBLEM: \(problem)") }
            Output.line(report.isHealthy ? "verify: ok (\(store.location))" : "verify: \(report.problems.count) problem(s) in \(store.location)")
        }
        if !report.isHealthy { throw ExitCode(1) }
    }

    /// The store's own description, except for a damaged file, whose general advice is to
    /// run `verify`: here verify has run, so the advice is what to do next.
    static func describe(_ error: StoreError) -> String {
        guard case .corrupt(let path, let detail) = error else { return "\(error)" }
        return "\(path) is corrupt or not a Gazette database (\(detail)): if it should be the store, restore it "
            + "from backup (Gazette never overwrites it); otherwise check the --store path or GAZETTE_STORE"
    }
}
