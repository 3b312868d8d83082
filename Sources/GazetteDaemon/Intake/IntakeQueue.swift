import Synchronization

/// The files waiting to be processed, shared by the intake (producer) and the pipeline's
/// workers (consumers).
///
/// A path is *known* from the moment it is queued until the pipeline calls `finished`:
/// an event or a rescan that sees it again in between does not queue it twice. At most
/// `maxInFlight` files are taken and not yet finished, which bounds the memory the
/// pipeline holds and pushes back on the intake when the store is slow.
final class IntakeQueue: Sendable {
    private struct State {
        var pending: [InboxEntry] = []
        var head = 0
        var known: Set<InboxEntry> = []
        /// Entries handed out and not yet finished or sent to retry.
        var taken: Set<InboxEntry> = []
        /// Taken entries that arrived again (an event) meanwhile: queued anew when finished.
        var arrivedAgain: Set<InboxEntry> = []
        var inFlight = 0
        var closed = false
        var waiters: [CheckedContinuation<InboxEntry?, Never>] = []
        /// Files waiting out a retry delay (see `retry(_:after:)`), with the task that
        /// queues each again.
        var retries: [InboxEntry: Task<Void, Never>] = [:]

        var pendingCount: Int { pending.count - head }

        mutating func popIfAllowed(max: Int) -> InboxEntry? {
            guard pendingCount > 0, inFlight < max else { return nil }
            let entry = pending[head]
            head += 1
            if head > 1024, head * 2 > pending.count {
                pending.removeFirst(head)
                head = 0
            }
            inFlight += 1
            taken.insert(entry)
            return entry
        }
    }

    let maxInFlight: Int
    private let state = Mutex(State())

    init(maxInFlight: Int) {
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Queues a file unless it is already known; returns whether it was queued.
    ///
    /// An arrival of a name already taken (a producer renamed a new version over it while
    /// it was being read) is remembered and the name queued again once the pipeline has
    /// finished with it: otherwise the new file would wait for the next full rescan.
    @discardableResult
    func enqueue(_ entry: InboxEntry) -> Bool {
        let (queued, waiter): (Bool, (CheckedContinuation<InboxEntry?, Never>, InboxEntry)?) = state.withLock { state in
            guard !state.closed else { return (false, nil) }
            if state.known.contains(entry) {
                if state.taken.contains(entry) { state.arrivedAgain.insert(entry) }
                return (false, nil)
            }
            state.known.insert(entry)
            state.pending.append(entry)
            guard !state.waiters.isEmpty, let next = state.popIfAllowed(max: maxInFlight) else { return (true, nil) }
            return (true, (state.waiters.removeFirst(), next))
        }
        if let (continuation, next) = waiter { continuation.resume(returning: next) }
        return queued
    }

    /// Whether a path is queued or being processed.
    func contains(_ entry: InboxEntry) -> Bool {
        state.withLock { $0.known.contains(entry) }
    }

    /// The next file to process; waits while none is pending or too many are in flight.
    /// Returns nil once the queue is closed: what is still pending stays in the inbox for
    /// the next start.
    func next() async -> InboxEntry? {
        await withCheckedContinuation { (continuation: CheckedContinuation<InboxEntry?, Never>) in
            let ready: InboxEntry?? = state.withLock { state in
                if state.closed { return .some(nil) }
                if let entry = state.popIfAllowed(max: maxInFlight) { return .some(entry) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The pipeline is done with a taken file (stored, moved, quarantined, or gone):
    /// forget it, so that a new file of the same name is queued again. With `again`, or
    /// when it arrived again meanwhile, the name is queued at once: another file is there.
    func finished(_ entry: InboxEntry, again: Bool = false) {
        release(entry) { state in
            if (state.arrivedAgain.remove(entry) != nil || again), !state.closed {
                state.pending.append(entry)
            } else {
                state.known.remove(entry)
            }
        }
    }

    /// Takes a taken file back after `delay` (its back-off, its producer's wait, its next
    /// move): meanwhile it stays known (an event for it queues nothing) and frees its
    /// in-flight place. The wait is the queue's own, so no caller keeps a timer; closing
    /// the queue ends every wait and forgets the files (they are still in the inbox).
    func retry(_ entry: InboxEntry, after delay: Duration) {
        release(entry) { state in
            guard !state.closed else {
                state.known.remove(entry)
                return
            }
            state.retries[entry]?.cancel()
            state.retries[entry] = Task { [self] in
                try? await Task.sleep(for: delay)
                requeue(entry)
            }
        }
    }

    /// Re-queues a file whose retry delay is over.
    private func requeue(_ entry: InboxEntry) {
        let waiter: (CheckedContinuation<InboxEntry?, Never>, InboxEntry)? = state.withLock { state in
            state.retries[entry] = nil
            state.arrivedAgain.remove(entry)  // the new attempt reads what is there now
            guard !state.closed else {
                state.known.remove(entry)
                return nil
            }
            state.pending.append(entry)
            guard !state.waiters.isEmpty, let next = state.popIfAllowed(max: maxInFlight) else { return nil }
            return (state.waiters.removeFirst(), next)
        }
        if let (continuation, next) = waiter { continuation.resume(returning: next) }
    }

    private func release(_ entry: InboxEntry, _ change: (inout State) -> Void) {
        let wakeups: [(CheckedContinuation<InboxEntry?, Never>, InboxEntry?)] = state.withLock { state in
            state.inFlight -= 1
            state.taken.remove(entry)
            change(&state)
            var wakeups: [(CheckedContinuation<InboxEntry?, Never>, InboxEntry?)] = []
            while !state.waiters.isEmpty, let next = state.popIfAllowed(max: maxInFlight) {
                wakeups.append((state.waiters.removeFirst(), next))
            }
            return wakeups
        }
        for (continuation, entry) in wakeups { continuation.resume(returning: entry) }
    }

    /// Stops handing out files: waiting workers get nil, pending files are dropped (they
    /// are still in the inbox). Files in flight may still be finished.
    func close() {
        let (waiters, retries) = state.withLock { state in
            state.closed = true
            for entry in state.pending[state.head...] { state.known.remove(entry) }
            state.arrivedAgain.removeAll()
            state.pending.removeAll()
            state.head = 0
            defer {
                state.waiters.removeAll()
                state.retries.removeAll()
            }
            return (state.waiters, Array(state.retries.values))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for retry in retries { retry.cancel() }
    }

    /// Whether a consumer holding `held` taken files can expect no other soon: no file is
    /// taken besides those (none being worked on elsewhere), and none could be handed out
    /// now (nothing pending, or the in-flight bound waits for the held ones). The
    /// committer commits its batch at once when so.
    func isDrained(holding held: Int) -> Bool {
        state.withLock { state in
            state.inFlight <= held && !(state.pendingCount > 0 && state.inFlight < maxInFlight)
        }
    }

    /// Pending plus in flight: the "queue" figure of STATUS, read when the line is built.
    /// (Files waiting out a retry delay are not counted: nothing can be done for them yet,
    /// and the watchdog must not take their wait for a stuck pipeline.)
    var depth: Int {
        state.withLock { $0.pendingCount + $0.inFlight }
    }
}
