import ArgumentParser
import Foundation
import GazetteDaemon
import Logging
import Systemd

/// `gazette serve`: the daemon. Runs until SIGTERM/SIGINT; SIGHUP reloads.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Watch the inbox and store every page dropped into it (runs until stopped).",
        discussion: """
            With no configuration file: gazette serve --inbox /tmp/x/inbox --store /tmp/x/g.sqlite
            The store is --store, else $GAZETTE_STORE, else the configuration's store: a SQLite
            file, or postgresql://USER@HOST/DB (several daemons may share one database).
            SIGTERM/SIGINT stop gracefully (pages in flight are committed); SIGHUP reloads the
            configuration, taxonomy and model.
            """)

    @OptionGroup var options: DaemonOptions

    @Option(name: .long, help: "Where logs go: journal, stderr, or auto (the journal when its socket exists).")
    var log: String = "auto"

    func run() async throws {
        guard let mode = GazetteLogging.Mode(rawValue: log) else {
            printError("bad value '\(log)' for --log: expected journal, stderr or auto")
            throw ExitCode(2)
        }
        let config: DaemonConfig
        let overrides: ConfigOverrides
        do {
            overrides = Self.storeOverride(try options.overrides())
            config = overrides.apply(to: try options.effectiveConfig())
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        GazetteLogging.bootstrap(mode: mode, level: config.logLevel)
        let logger = Logger(label: "gazette")
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, configFile: options.configFile, overrides: overrides,
                                store: Self.storeOpener(for: config), logger: logger, notifier: SystemdNotifier.fromEnvironment(),
                                loadClassifier: Daemon.standardClassifier, listensForSIGHUP: true)
        } catch {
            logger.critical("\(error)")
            if GazetteLogging.resolve(mode) == .journal { printError("\(error)") }
            throw ExitCode.failure
        }
        try await daemon.serve()
    }
}
