import Synchronization

/// The daemon's running figures and health, shared by the pipeline (which updates them),
/// the notifier (which reports them in `STATUS=` and decides on `WATCHDOG=1`) and tests.
final class DaemonStatus: Sendable {
    struct Figures: Sendable, Equatable {
        var storedPages = 0
        var storedArticles = 0
        var duplicates = 0
        var failed = 0
        var queue = 0
        /// The current transient problem ("disk full …"), while one lasts.
        var problem: String?
        var inboxMissing = false
        var reloading = false
        /// Stored files that cannot leave the inbox (their move is retried with back-off),
        /// and why the latest attempt failed.
        var unmovable = 0
        var unmovableProblem: String?

        /// The `STATUS=` line: "stored 1234 pages, 8765 articles; queue 3; failed 2".
        var line: String {
            var text = "stored \(storedPages) pages, \(storedArticles) articles; queue \(queue); failed \(failed)"
            if duplicates > 0 { text += "; duplicates \(duplicates)" }
            if inboxMissing { text += "; INBOX MISSING, waiting for it" }
            if let problem { text += "; retrying: \(problem)" }
            if unmovable > 0 {
                text += "; \(unmovable) stored but stuck in the inbox: \(unmovableProblem ?? "cannot move"), retrying"
            }
            return text
        }
    }

    private struct State {
        var figures = Figures()
        var lastProgress = ContinuousClock.now
        var episodeAttempts = 0
        var stopping = false
    }

    private let state = Mutex(State())
    private let changes: AsyncStream<Void>.Continuation
    /// Yields (coalesced) whenever the figures change, and on `refresh`.
    let updates: AsyncStream<Void>
    /// Where the "queue" figure is read when the figures are: the queue itself, so no part
    /// keeps a copy of it up to date.
    private let queueDepth: (@Sendable () -> Int)?

    init(queueDepth: (@Sendable () -> Int)? = nil) {
        self.queueDepth = queueDepth
        (updates, changes) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var figures: Figures {
        var figures = state.withLock { $0.figures }
        if let queueDepth { figures.queue = queueDepth() }
        return figures
    }

    /// Asks the listeners to look again (the queue figure moves without an `update`).
    func refresh() { changes.yield() }

    func update(_ change: (inout Figures) -> Void) {
        let changed = state.withLock { state in
            let before = state.figures
            change(&state.figures)
            return before != state.figures
        }
        if changed { changes.yield() }
    }

    /// The pipeline did something (took a file, attempted a commit, moved a file).
    func heartbeat() {
        state.withLock { $0.lastProgress = .now }
    }

    /// Healthy unless work is waiting and nothing has moved for `limit`: the watchdog
    /// must be allowed to fire on a stuck pipeline, never on an idle one.
    func isHealthy(queue: Int, limit: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            queue == 0 || now - state.lastProgress < limit
        }
    }

    /// Starts (or continues) a transient episode; true only for the first failure of the
    /// episode, which is the one to log.
    func beginTransient(_ problem: String) -> Bool {
        let first = state.withLock { state in
            state.episodeAttempts += 1
            return state.figures.problem == nil
        }
        update { $0.problem = problem }
        return first
    }

    /// Ends the transient episode; returns the problem that lasted, if there was one.
    func endTransient() -> String? {
        let problem = state.withLock { state -> String? in
            state.episodeAttempts = 0
            return state.figures.problem
        }
        if problem != nil { update { $0.problem = nil } }
        return problem
    }

    /// The back-off before the next retry: 250 ms doubling to 5 s within an episode (a
    /// retry is one cheap attempt; recovering soon after space returns matters more).
    var backoff: Duration {
        let attempts = state.withLock { $0.episodeAttempts }
        let milliseconds = min(5_000, 250 << min(max(attempts - 1, 0), 5))
        return .milliseconds(milliseconds)
    }

    /// Set when shutdown begins: retries give up and leave their files in the inbox.
    var isStopping: Bool { state.withLock { $0.stopping } }
    func markStopping() { state.withLock { $0.stopping = true } }

    func finishUpdates() { changes.finish() }
}
