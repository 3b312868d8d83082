import Foundation
import GazetteClassifier
import GazetteStore
import Logging
import ServiceLifecycle
import SystemPackage
import UnixSignals

/// `gazette serve`: one `Service` that owns the intake, the pipeline, the notifier and
/// the reload listener, and stops them in the right order.
///
/// They are one service rather than four so that shutdown has a single owner: intake
/// stops first, the pipeline finishes and commits what it has taken, and only then do
/// the notifier and the signal listener end. (A `ServiceGroup` would treat the pipeline
/// ending on its own, once the queue closes, as an unexpected exit.)
public final class Daemon: Service, Sendable {
    public let status = DaemonStatus()
    public let settings: RuntimeSettings
    let configFile: String?
    let overrides: ConfigOverrides
    let loadClassifier: ClassifierFactory?
    let lock: StoreLock
    let inboxLock: InboxLock
    let queue: IntakeQueue
    let intake: Intake
    let pipeline: Pipeline
    let notifier: Notifier
    let listensForSIGHUP: Bool

    /// Takes the store lock, opens the store (refusing a corrupt one, untouched), makes the
    /// folders and the watch. Throws with guidance when any of that fails.
    public init(config: DaemonConfig, configFile: String? = nil, overrides: ConfigOverrides = .init(),
                logger: Logger, notifier target: (any StatusNotifier)? = nil,
                loadClassifier: ClassifierFactory? = Daemon.standardClassifier,
                listensForSIGHUP: Bool = false) throws(DaemonError) {
        self.configFile = configFile
        self.overrides = overrides
        self.loadClassifier = loadClassifier
        self.listensForSIGHUP = listensForSIGHUP
        // The analyst commands and `gazette migrate` work on PostgreSQL; the daemon's
        // pipeline still writes SQLite only: refused before any folder or file is made.
        if config.store.contains("://") {
            throw .store(.invalidInput(detail: "store \(config.store): the daemon writes a SQLite store only in this version; ingest into a SQLite file and copy it with `gazette migrate --from FILE --to \(config.store)`, or use `gazette ingest --store URL`"))
        }
        for (name, path) in [("inbox", config.inbox), ("processed", config.processed), ("failed", config.failed),
                             ("store", DaemonConfig.beside(config.store, "x"))] {
            let folder = name == "store" ? FilePath(path).removingLastComponent() : FilePath(path)
            do { try Sys.mkdirs(folder) } catch { throw .folder(name: name, error) }
        }
        try Self.requireOneFilesystem(config)
        lock = try StoreLock(store: config.store)
        inboxLock = try InboxLock(inbox: config.inbox)
        if !inboxLock.isHeld {
            logger.warning("cannot create \(inboxLock.path) (the folder holding the inbox is not writable by the daemon's user): a second daemon on this inbox would go unnoticed; create that file writable by the daemon to lock the inbox")
        }
        try Self.refuseDamagedStore(at: config.store)
        let store: GazetteStore
        do {
            store = try GazetteStore(path: config.store)
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
        queue = IntakeQueue(maxInFlight: 2 * config.batchSize + 4)
        do {
            intake = try Intake(config: config, queue: queue, settings: settings, status: status)
        } catch {
            throw .watch(error)
        }
        pipeline = Pipeline(queue: queue, store: store, settings: settings, status: status,
                            disposition: Disposition(inbox: FilePath(config.inbox), processed: FilePath(config.processed),
                                                     failed: FilePath(config.failed)))
        notifier = Notifier(target: target, status: status, queue: queue, settings: settings)
    }

    /// A rename across filesystems fails (`EXDEV`): the inbox, `processed/` and `failed/`
    /// must share one, or no file could ever leave the inbox.
    static func requireOneFilesystem(_ config: DaemonConfig) throws(DaemonError) {
        var devices: [(String, UInt64)] = []
        for (name, path) in [("inbox", config.inbox), ("processed", config.processed), ("failed", config.failed)] {
            do {
                guard let info = try Sys.lstat(FilePath(path)) else { continue }
                devices.append((name, UInt64(info.st_dev)))
            } catch {
                throw .folder(name: name, error)
            }
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
        do {
            try intake.prepare()
        } catch {
            throw DaemonError.watch(error)
        }
        notifier.ready()
        logger.event(.ready, .info, "ready: watching \(config.inbox)")

        enum Child { case pipeline, other }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Child.self) { group in
                group.addTask { await self.pipeline.run(); return .pipeline }
                group.addTask { await self.intake.run(); return .other }
                group.addTask { await self.notifier.run(); return .other }
                if listensForSIGHUP {
                    group.addTask {
                        for await _ in await UnixSignalsSequence(trapping: .sighup) {
                            self.reload()
                        }
                        return .other
                    }
                }
                for await child in group where child == .pipeline {
                    group.cancelAll()
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        status.finishUpdates()
        let figures = status.figures
        settings.logger.event(.stopped, .notice, "stopped: \(figures.line)")
    }

    /// Stops intake; the pipeline then finishes the files it has taken and returns.
    func beginShutdown() {
        settings.logger.event(.stopping, .notice, "stopping: finishing the pages in flight")
        notifier.stopping()
        status.markStopping()
        intake.stop()
        queue.close()
    }
}

extension Daemon {
    /// Runs the daemon until SIGTERM or SIGINT, then shuts down gracefully.
    public func serve() async throws {
        let group = ServiceGroup(configuration: .init(
            services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: settings.logger))
        try await group.run()
    }
}

extension Daemon {
    /// Runs the daemon (without trapping signals) while `body` runs, then stops it
    /// gracefully and waits for it: for embedding and for in-process tests.
    public func withRunning<T: Sendable>(_ body: (Daemon) async throws -> T) async throws -> T {
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
