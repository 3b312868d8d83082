#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The real daemon, `gazette serve`, as a child process of the benchmark: the `gazette`
/// built beside gazette-bench (`GazetteExecutable`), a scratch inbox and store, logs to a
/// file beside them.
final class DaemonChild {
    let process = Process()
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    /// The daemon's store: `gazette.sqlite` in the scratch folder, or an existing one.
    let store: URL
    /// What `--store` says: the store's path, or a `postgresql://` URL (`init(scratch:name:config:database:)`).
    let storeArgument: String
    var processed: URL { root.appendingPathComponent("processed") }
    var failed: URL { root.appendingPathComponent("failed") }
    var pid: pid_t { process.processIdentifier }
    /// TOML lines added to the configuration (`batch_delay_ms = 20`).
    let config: String

    /// A fresh scratch folder with an empty inbox (the daemon is not started yet).
    init(scratch: URL, name: String, config: String = "") throws {
        self.config = config
        root = scratch.appendingPathComponent("\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        store = root.appendingPathComponent("gazette.sqlite")
        storeArgument = store.path
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    /// A fresh scratch folder whose daemon writes into a PostgreSQL database (its URL).
    init(scratch: URL, name: String, config: String = "", database: String) throws {
        self.config = config
        root = scratch.appendingPathComponent("\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        store = root.appendingPathComponent("gazette.sqlite")
        storeArgument = database
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    /// A daemon over an existing store (`store`, else `gazette.sqlite` in `root`): the
    /// scale benchmark fills one first, or is given one (`--store`).
    init(root: URL, store: URL? = nil) throws {
        self.root = root
        self.store = store ?? root.appendingPathComponent("gazette.sqlite")
        storeArgument = self.store.path
        config = ""
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    func start() throws {
        process.executableURL = GazetteExecutable.url
        process.arguments = ["serve", "--inbox", inbox.path, "--store", storeArgument, "--log", "stderr",
                             "--config", try defaultConfig().path]
        FileManager.default.createFile(atPath: root.appendingPathComponent("daemon.log").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: root.appendingPathComponent("daemon.log"))
        process.standardOutput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "WATCHDOG_USEC")
        process.environment = environment
        try process.run()
    }

    /// The shipped defaults, except the log level (warning: the benchmark measures the
    /// daemon, not its stderr) and `config` — written beside the scratch store, so no
    /// /etc file applies.
    private func defaultConfig() throws -> URL {
        let url = root.appendingPathComponent("gazette.toml")
        try "log_level = \"warning\"\n\(config)\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    var sample: ProcessSample? { ProcessSample.read(pid: pid) }

    /// SIGTERM and wait (the daemon commits what it holds, then exits 0).
    func stop() {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = monotonicSeconds() + 20
        while process.isRunning, monotonicSeconds() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Files moved to failed/ (a page the daemon refused: the figures would not count it).
    var failedCount: Int {
        let names = (FileManager.default.enumerator(atPath: failed.path)?.allObjects as? [String]) ?? []
        return names.filter { !$0.hasSuffix(".reason.json") && $0.hasSuffix(".txt") }.count
    }

    func removeScratch() {
        try? FileManager.default.removeItem(at: root)
    }
}
