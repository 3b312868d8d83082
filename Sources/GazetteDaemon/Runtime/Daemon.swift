import Foundation
import GazetteClassifier
import GazetteStore
import Logging
import ServiceLifecycle
import SystemPackage
import UnixSignals

/// `gazette serve`: one `Service` that runs its parts (the notifier, the reload listener,
/// the pipeline and the intake) as a `ServiceGroup` of its own, as Hummingbird's
/// `Application` runs its server and services: the outer group's graceful shutdown reaches
/// the inner one, which stops the parts in reverse order, each through its own graceful
/// shutdown handler.
public final class Daemon: Service, Sendable {
    let status: DaemonStatus
    let settings: RuntimeSettings
    let configFile: String?
    let overrides: ConfigOverrides
    let loadClassifier: ClassifierFactory?
    /// The SQLite store's one-writer lock; nil on a database server several daemons share.
    let lock: StoreLock?
    let inboxLock: InboxLock
    let queue: IntakeQueue
    let intake: Intake
    let pipeline: Pipeline
    let notifier: Notifier
    let listensForSIGHUP: Bool
    /// Why the database server could not be reached at start, if it could not: the first
    /// entry of the episode, logged once the daemon has said it started.
    let unreachableAtStart: StoreError?

    /// Takes the store lock, opens the store (refusing a corrupt one, untouched), makes the
    /// folders and the watch. Throws with guidance when any of that fails.
    ///
    /// - Parameter store: how to reach the store; nil opens `config.store` as a SQLite
    ///   file. The executable passes a database server's opener for a `postgresql://` store
    ///   (the daemon links no driver). A server that cannot be reached now is no reason to
    ///   refuse: the daemon starts, says so, and connects with back-off while files wait.
    public init(config: DaemonConfig, configFile: String? = nil, overrides: ConfigOverrides = .init(),
                store opener: StoreOpener? = nil, logger: Logger, notifier target: (any StatusNotifier)? = nil,
                loadClassifier: ClassifierFactory? = Daemon.standardClassifier,
                listensForSIGHUP: Bool = false) throws(DaemonError) {
        self.configFile = configFile
        self.overrides = overrides
        self.loadClassifier = loadClassifier
        self.listensForSIGHUP = listensForSIGHUP
        if opener == nil, config.store.contains("://") {
            throw .store(.invalidInput(detail: "store \(config.store): a database URL needs its driver, which `gazette serve` supplies; this embedding of the daemon writes a SQLite store only"))
        }
        let opener = opener ?? .sqlite(path: config.store)
        let isFile = opener.kind == .file
        var folders = [("inbox", config.inbox), ("processed", config.processed), ("failed", config.failed)]
        if isFile { folders.append(("store", DaemonConfig.beside(config.store, "x"))) }
        for (name, path) in folders {
            let folder = name == "store" ? FilePath(path).removingLastComponent() : FilePath(path)
            do { try Sys.mkdirs(folder) } catch { throw .folder(name: name, error) }
        }
        try Self.requireOneFilesystem(config)
        // One writer per SQLite file; a database server takes many (its unique constraint
        // decides duplicates), so several daemons may share it.
        lock = isFile ? try StoreLock(store: config.store) : nil
        inboxLock = try InboxLock(inbox: config.inbox)
        if !inboxLock.isHeld {
            logger.warning("cannot create \(inboxLock.path) (the folder holding the inbox is not writable by the daemon's user): a second daemon on this inbox would go unnoticed; create that file writable by the daemon to lock the inbox")
        }
        if isFile { try Self.refuseDamagedStore(at: config.store) }
        var unreachable: StoreError?
        let store: (any ArticleStore)?
        do {
            store = try opener.open()
        } catch where error.isTransient && !isFile {
            store = nil
            unreachable = error
        } catch {
            throw .store(error)
        }
        let classifier: PageClassifier?
        do throws(ClassifierError) {
            classifier = try loadClassifier?(config) ?? nil
        } catch {
            throw .classifier(error)
        }
        settings = RuntimeSettings(config: config, classifier: classifier, logger: logger)
        let queue = IntakeQueue(maxInFlight: 2 * config.batchSize + 4)
        self.queue = queue
        status = DaemonStatus(queueDepth: { queue.depth })
        do {
            intake = try Intake(config: config, queue: queue, settings: settings, status: status)
        } catch {
            throw .watch(error)
        }
        pipeline = Pipeline(queue: queue, store: StoreHandle(opener, store: store), settings: settings, status: status,
                            disposition: Disposition(inbox: FilePath(config.inbox), processed: FilePath(config.processed),
                                                     failed: FilePath(config.failed)))
        notifier = Notifier(target: target, status: status, queue: queue, settings: settings)
        unreachableAtStart = unreachable
    }

    /// A rename across filesystems fails (`EXDEV`): the inbox, `processed/` and `failed/`
    /// must share one, or no file could ever leave the inbox.
    static func requireOneFilesystem(_ config: DaemonConfig) throws(DaemonError) {
        var devices: [(String, UInt64)] = []
        for (name, path) in [("inbox", config.inbox), ("processed", config.processed), ("failed", config.failed)] {
            // Links followed: a folder that is a link to a directory elsewhere is renamed
            // into and out of there.
            guard let info = Sys.statFollowing(FilePath(path)) else { continue }
            devices.append((name, UInt64(info.st_dev)))
        }
        if let first = devices.first, let other = devices.first(where: { $0.1 != first.1 }) {
            throw .crossDevice(first.0, other.0)
        }
    }

    /// Checks an existing store read-only before anything writes to it: a damaged file is
    /// refused with guidance and left exactly as it is (the evidence, and the backup's peer).
    static func refuseDamagedStore(at path: String) throws(DaemonError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        // A store its last writer closed cleanly and nothing touched since is not read through
        // at every start (integrity_check: 4 minutes at 546,000 pages): see `OpenCheck`.
        guard OpenCheck.needed(path: path) == .full else { return }
        do {
            let report = try GazetteStore(path: path, readOnly: true).verify()
            if !report.isHealthy {
                throw DaemonError.damagedStore(path: path, problems: report.problems)
            }
        } catch let error as DaemonError {
            throw error
        } catch let error as StoreError {
            switch error {
            case .schemaTooOld, .notFound: return  // a read-write open migrates or creates it
            default: throw .store(error)
            }
        } catch {
            throw .store(.unavailable(path: path, detail: "\(error)"))
        }
    }

    public func run() async throws {
        let logger = settings.logger
        let config = settings.config
        logger.event(.started, .notice, "gazette serving inbox \(config.inbox) into \(config.store) (watch: \(config.watch.rawValue))",
                     ["inbox": "\(config.inbox)", "store": "\(config.store)"])
        if let unreachableAtStart { pipeline.reporter.storeFailing(unreachableAtStart, logger: logger) }
        do {
            try intake.prepare()
        } catch {
            throw DaemonError.watch(error)
        }
        // SIGHUP trapped before READY: once the service manager hears READY it may send one
        // (`systemctl reload`), and until the trap exists SIGHUP's default action ends the
        // process. The sequence keeps what arrives until the reload listener reads it.
        let hangups = listensForSIGHUP ? await UnixSignalsSequence(trapping: .sighup) : nil
        notifier.ready()
        logger.event(.ready, .info, "ready: watching \(config.inbox)")

        // The parts in start order; a graceful shutdown stops them in reverse, each once the
        // one after it has finished: the intake stops noticing files, the pipeline finishes
        // and commits what it has taken, then the reload listener and the notifier end.
        var parts: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: notifier, successTerminationBehavior: .ignore, serviceName: "notifier"),
        ]
        if let hangups {
            parts.append(.init(service: ReloadListener(daemon: self, hangups: hangups), successTerminationBehavior: .ignore,
                               serviceName: "reload"))
        }
        parts.append(.init(service: pipeline, serviceName: "pipeline"))
        parts.append(.init(service: intake, serviceName: "intake"))
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .info)  // the group's own chatter is debug
        let group = ServiceGroup(configuration: .init(services: parts, logger: groupLogger))
        try await withGracefulShutdownHandler {
            try await group.run()
        } onGracefulShutdown: {
            self.settings.logger.event(.stopping, .notice, "stopping: finishing the pages in flight")
            self.notifier.stopping()
        }
        status.finishUpdates()
        let figures = status.figures
        settings.logger.event(.stopped, .notice, "stopped: \(figures.line)")
    }
}

extension Daemon {
    /// Runs the daemon until SIGTERM or SIGINT, then shuts down gracefully and closes the
    /// store here, before the process exits (see `GazetteStore.close`).
    public func serve() async throws {
        let group = ServiceGroup(configuration: .init(
            services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: settings.logger))
        defer { pipeline.writer.handle.close() }
        try await group.run()
    }
}

extension Daemon {
    /// Runs the daemon (without trapping signals) while `body` runs, then stops it
    /// gracefully and waits for it: for embedding and for in-process tests.
    func withRunning<T: Sendable>(_ body: (Daemon) async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [self], logger: settings.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(self))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
