#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import ServiceLifecycle
import Synchronization
import SystemPackage

/// Notices files in the inbox and queues them: inotify events (or polling, for network
/// shares), the start-up scan, the safety rescan, overflow rescans, and a vanished inbox
/// that comes back. Files seen without a close-write wait for the quiet period.
///
/// Everything it acts on comes through one stream, `signals`: the watcher's thread puts
/// its events straight in (one hop), as bounded as the kernel's own queue (see
/// ``WatchBacklog``); the timers put in at most one signal each per interval.
final class Intake: Sendable {
    enum Signal: Sendable {
        case watch(WatchEvent)
        /// The watcher got further ahead than `WatchBacklog.limit`: events were dropped.
        case backlogOverflow
        case rescan
        case recheck
        case inboxBack
        case stop
    }

    let inbox: FilePath
    let mode: DaemonConfig.WatchMode
    let queue: IntakeQueue
    let settings: RuntimeSettings
    let status: DaemonStatus
    let watcher: InotifyWatcher?
    let scanner: InboxScanner
    let signals: AsyncStream<Signal>
    let sink: AsyncStream<Signal>.Continuation
    let backlog = WatchBacklog()

    init(config: DaemonConfig, queue: IntakeQueue, settings: RuntimeSettings,
         status: DaemonStatus) throws(SystemError) {
        inbox = FilePath(config.inbox)
        mode = config.watch
        self.queue = queue
        self.settings = settings
        self.status = status
        scanner = InboxScanner(inbox: inbox)
        let (signals, sink) = AsyncStream.makeStream(of: Signal.self)
        (self.signals, self.sink) = (signals, sink)
        let backlog = backlog
        watcher = config.watch == .inotify
            ? try InotifyWatcher(inbox: inbox, deliver: { backlog.deliver($0, to: sink) })
            : nil
    }

    /// Sets the watch, then queues what is already waiting: in this order, so that a file
    /// arriving in between is seen by one or the other (and queued once).
    func prepare() throws(SystemError) {
        if let watcher {
            watcher.start()
            do {
                try watcher.watchInbox()
            } catch where error.errno == ENOENT || error.errno == ENOTDIR {
                backlog.deliver(.inboxGone, to: sink)  // gone since start-up: wait for it like any other time
                return
            }
        }
        sink.yield(.rescan)
    }

    /// Stops noticing files; `listen()` returns soon after.
    func stop() {
        watcher?.stop()
        sink.yield(.stop)
    }

    /// Acts on the signals until `stop()`.
    func listen() async {
        await withDiscardingTaskGroup { group in
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
                if case .watch = signal { backlog.taken() }
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
        case .backlogOverflow:
            // Cleared before the scan: an event dropped from now on is seen by this scan or
            // raises a new overflow.
            backlog.overflowHandled()
            logger.event(.overflowRescan, .warning,
                         "more than \(WatchBacklog.limit) inotify events waited for the intake: rescanning the inbox")
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

/// The intake as a part of the daemon's service group: it stops noticing files first when
/// the daemon shuts down (the group stops its parts in reverse order).
extension Intake: Service {
    func run() async throws {
        await withGracefulShutdownHandler {
            await listen()
        } onGracefulShutdown: {
            self.stop()
        }
    }
}

/// How many watch events wait in the intake's stream: the watcher's thread can outrun the
/// intake (thousands of files renamed in at once), so past `limit` events are dropped and
/// one overflow signal stands for them, as the kernel's own queue does: the full rescan it
/// causes finds every file the dropped events named.
final class WatchBacklog: Sendable {
    /// As many as the kernel's default inotify queue (`max_queued_events`).
    static let limit = 16_384

    enum Admission { case admitted, overflowed, dropped }

    private let waiting = Atomic<Int>(0)
    private let overflowPending = Atomic<Bool>(false)

    /// Puts a watch event into the intake's stream, or drops it past the limit.
    func deliver(_ event: WatchEvent, to sink: AsyncStream<Intake.Signal>.Continuation) {
        switch admit() {
        case .admitted: sink.yield(.watch(event))
        case .overflowed: sink.yield(.backlogOverflow)
        case .dropped: break
        }
    }

    private func admit() -> Admission {
        if waiting.add(1, ordering: .relaxed).newValue <= Self.limit { return .admitted }
        waiting.subtract(1, ordering: .relaxed)
        // One overflow signal until the intake has handled it.
        return overflowPending.exchange(true, ordering: .acquiringAndReleasing) ? .dropped : .overflowed
    }

    /// The intake took an admitted event from the stream.
    func taken() { waiting.subtract(1, ordering: .relaxed) }

    /// The intake is about to rescan for the dropped events.
    func overflowHandled() { overflowPending.store(false, ordering: .releasing) }
}
