#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import SystemPackage

/// Notices files in the inbox and queues them: inotify events (or polling, for network
/// shares), the start-up scan, the safety rescan, overflow rescans, and a vanished inbox
/// that comes back. Files seen without a close-write wait for the quiet period.
public final class Intake: Sendable {
    enum Signal: Sendable {
        case watch(WatchEvent)
        case rescan
        case recheck
        case inboxBack
        case stop
    }

    public let inbox: FilePath
    let mode: DaemonConfig.WatchMode
    let queue: IntakeQueue
    let settings: RuntimeSettings
    let status: DaemonStatus
    let watcher: InotifyWatcher?
    let scanner: InboxScanner
    let signals: AsyncStream<Signal>
    let sink: AsyncStream<Signal>.Continuation

    public init(config: DaemonConfig, queue: IntakeQueue, settings: RuntimeSettings,
                status: DaemonStatus) throws(SystemError) {
        inbox = FilePath(config.inbox)
        mode = config.watch
        self.queue = queue
        self.settings = settings
        self.status = status
        scanner = InboxScanner(inbox: inbox)
        watcher = config.watch == .inotify ? try InotifyWatcher(inbox: inbox) : nil
        (signals, sink) = AsyncStream.makeStream(of: Signal.self)
    }

    /// Sets the watch, then queues what is already waiting: in this order, so that a file
    /// arriving in between is seen by one or the other (and queued once).
    public func prepare() throws(SystemError) {
        if let watcher {
            watcher.start()
            do {
                try watcher.watchInbox()
            } catch where error.errno == ENOENT || error.errno == ENOTDIR {
                sink.yield(.watch(.inboxGone))  // gone since start-up: wait for it like any other time
                return
            }
        }
        sink.yield(.rescan)
    }

    /// Stops noticing files; `run()` returns soon after.
    public func stop() {
        watcher?.stop()
        sink.yield(.stop)
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            if let watcher {
                group.addTask { [sink] in
                    for await event in watcher.events { sink.yield(.watch(event)) }
                }
            }
            group.addTask { [sink, settings, mode] in
                while !Task.isCancelled {
                    let config = settings.config
                    let interval = mode == .poll ? config.pollInterval : config.rescanInterval
                    do { try await Task.sleep(for: interval) } catch { return }
                    sink.yield(.rescan)
                }
            }
            var state = State()
            for await signal in signals {
                if case .stop = signal { break }
                handle(signal, state: &state, group: &group)
            }
            group.cancelAll()
        }
    }

    struct State {
        var tracker = StabilityTracker()
        var recheckScheduled = false
        var inboxMissing = false
        /// Reason files found in the inbox and reported (until a scan no longer sees them).
        var reasonFilesReported: Set<InboxEntry> = []
    }

    private func handle(_ signal: Signal, state: inout State, group: inout DiscardingTaskGroup) {
        let logger = settings.logger
        switch signal {
        case .watch(.arrived(let entry)) where InboxEntry.isReasonFile(entry.name),
             .watch(.appeared(let entry)) where InboxEntry.isReasonFile(entry.name):
            reportReasonFile(entry, state: &state)
        case .watch(.arrived(let entry)):
            state.tracker.forget(entry)
            if queue.enqueue(entry) { logger.trace("queued \(entry)") }
        case .watch(.appeared(let entry)):
            if let info = try? Sys.lstat(entry.path(in: inbox)) {
                consider(.init(entry: entry, size: Int(info.st_size), modified: info.st_mtim), state: &state)
            }
        case .watch(.folderAppeared(let folder)):
            for sighting in scanner.scan(folder: folder) { consider(sighting, state: &state) }
        case .watch(.overflow):
            logger.event(.overflowRescan, .warning, "inotify queue overflowed: rescanning the inbox")
            fullScan(state: &state, group: &group, logger: logger)
        case .watch(.inboxGone):
            inboxGone(state: &state, group: &group, logger: logger)
        case .inboxBack:
            do {
                try watcher?.watchInbox()
            } catch {
                inboxGone(state: &state, group: &group, logger: logger, force: true)
                return
            }
            state.inboxMissing = false
            logger.event(.inboxRestored, .notice, "inbox \(inbox) is back: watching and rescanning it")
            status.update { $0.inboxMissing = false }
            fullScan(state: &state, group: &group, logger: logger)
        case .rescan:
            fullScan(state: &state, group: &group, logger: logger)
        case .recheck:
            state.recheckScheduled = false
            for entry in state.tracker.waiting {
                guard let info = try? Sys.lstat(entry.path(in: inbox)) else {
                    state.tracker.forget(entry)
                    continue
                }
                consider(.init(entry: entry, size: Int(info.st_size), modified: info.st_mtim), state: &state)
            }
        case .stop:
            break
        }
        scheduleRecheck(state: &state, group: &group)
    }

    /// A `NAME.reason.json` in the inbox is logged once and otherwise left alone: it is
    /// never a page, and the likely way one gets there is an operator moving a quarantined
    /// page back as its advice says, with its reason file (`mv failed/x/* inbox/x/`).
    /// Quarantining it would write a reason file for a reason file and count a failure for
    /// what was never sent as a page; silence would leave it there unexplained for ever.
    private func reportReasonFile(_ entry: InboxEntry, state: inout State) {
        guard state.reasonFilesReported.insert(entry).inserted else { return }
        settings.logger.warning(
            "\(entry) in the inbox is named like a Gazette reason file (*.reason.json): it is not a page and is left where it is; remove it, or rename it if it is a page",
            metadata: ["file": "\(entry)"])
    }

    /// A file seen without a close-write: queue it once it is stable.
    private func consider(_ sighting: InboxScanner.Sighting, state: inout State) {
        if InboxEntry.isReasonFile(sighting.entry.name) {
            reportReasonFile(sighting.entry, state: &state)
            return
        }
        if queue.contains(sighting.entry) {
            state.tracker.forget(sighting.entry)
            return
        }
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let age = Duration.seconds(Int64(wall.tv_sec) - Int64(sighting.modified.tv_sec))
            + .nanoseconds(Int64(wall.tv_nsec) - Int64(sighting.modified.tv_nsec))
        // On a network share the mtime comes from another machine's clock: there, only two
        // observations a quiet period apart count, never the file's apparent age.
        let stable = state.tracker.observe(sighting.entry, size: sighting.size, modified: sighting.modified,
                                           age: mode == .poll ? .zero : age, now: .now,
                                           quiet: settings.config.quietPeriod)
        if stable { queue.enqueue(sighting.entry) }
    }

    private func fullScan(state: inout State, group: inout DiscardingTaskGroup, logger: Logger) {
        let sightings: [InboxScanner.Sighting]
        do {
            sightings = try scanner.scan()
        } catch {
            if error.errno == ENOENT || error.errno == ENOTDIR {
                inboxGone(state: &state, group: &group, logger: logger)
            } else {
                logger.error("cannot list the inbox: \(error)", metadata: ["reason": "\(error)"])
            }
            return
        }
        if state.inboxMissing, mode == .poll {
            state.inboxMissing = false
            logger.event(.inboxRestored, .notice, "inbox \(inbox) is back: rescanning it")
            status.update { $0.inboxMissing = false }
        }
        for sighting in sightings { consider(sighting, state: &state) }
        let seen = Set(sightings.map(\.entry))
        state.tracker.keepOnly(seen)
        state.reasonFilesReported.formIntersection(seen)
        status.update { $0.queue = queue.depth }
    }

    /// The inbox was deleted or moved: say so loudly, and wait for it with a bounded
    /// back-off (no spinning) instead of dying.
    private func inboxGone(state: inout State, group: inout DiscardingTaskGroup, logger: Logger, force: Bool = false) {
        guard !state.inboxMissing || force else { return }
        state.inboxMissing = true
        // The journal entry first, then STATUS: whoever sees the status change (systemctl,
        // a test) finds the entry that explains it already written.
        logger.event(.inboxMissing, .critical,
                     "inbox \(inbox) has disappeared: no file can arrive until it is recreated (mkdir it, owned by the daemon's user); waiting for it")
        status.update { $0.inboxMissing = true }
        guard mode == .inotify else { return }  // poll mode notices the return by polling
        let path = inbox
        group.addTask { [sink] in
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                if let info = try? Sys.lstat(path), (info.st_mode & S_IFMT) == S_IFDIR {
                    sink.yield(.inboxBack)
                    return
                }
                do { try await Task.sleep(for: delay) } catch { return }
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    private func scheduleRecheck(state: inout State, group: inout DiscardingTaskGroup) {
        guard !state.tracker.isEmpty, !state.recheckScheduled else { return }
        state.recheckScheduled = true
        let delay = max(settings.config.quietPeriod / 2, .milliseconds(50))
        group.addTask { [sink] in
            do { try await Task.sleep(for: delay) } catch { return }
            sink.yield(.recheck)
        }
    }
}
