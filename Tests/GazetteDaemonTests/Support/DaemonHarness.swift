import Foundation
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import Logging

/// An in-process daemon on a fresh inbox and store, tuned for quick tests.
struct DaemonHarness {
    let directory: TestDirectory
    let logs = LogCollector()
    var config: DaemonConfig

    init(_ name: String = #function, configure: (inout DaemonConfig) -> Void = { _ in }) {
        directory = TestDirectory(name)
        var config = DaemonConfig(inbox: directory.sub("inbox"), store: directory.sub("gazette.sqlite"))
        config.quietPeriod = .milliseconds(300)
        config.batchDelay = .milliseconds(20)
        config.logLevel = .debug
        configure(&config)
        self.config = config
    }

    var inbox: String { config.inbox }
    var processed: String { config.processed }
    var failed: String { config.failed }

    func makeDaemon(notifier: (any StatusNotifier)? = nil) throws(DaemonError) -> Daemon {
        try Daemon(config: config, logger: logs.logger, notifier: notifier)
    }

    /// Runs a daemon while `body` runs, then stops it gracefully.
    func run<T: Sendable>(notifier: (any StatusNotifier)? = nil, _ body: (Daemon) async throws -> T) async throws -> T {
        try await makeDaemon(notifier: notifier).withRunning(body)
    }

    var inboxFiles: [String] { FileManager.default.files(under: inbox) }
    var processedFiles: [String] { FileManager.default.files(under: processed) }
    var failedFiles: [String] { FileManager.default.files(under: failed) }

    func stats() throws -> StoreStats {
        try GazetteStore(path: config.store, readOnly: true).stats()
    }
}
