import Logging

/// Merging the search index while the inbox is quiet. FTS5 merges its segments inside
/// commits, so a burst of pages paid for the merges the bursts (or the `gazette import`)
/// before it left unfinished, and for merging any level it brought to 16 segments — over
/// a large store, merges of old segments read back from disk, which made the daemon's rate
/// into a million-page store depend on where those merges stood (55–96 % of its rate into
/// an empty store). After a second without a file the committer takes merge steps of its
/// own (one short transaction each, chosen on the index's shape: see
/// `GazetteStore.mergeSearchIndex`) until nothing is left to merge or a file arrives; a
/// file waits for at most the one step under way.
///
/// The committer's own state, used only from its loop: `epoch` counts the interruptions,
/// so a quiet-timer set before a file arrived is recognised as stale when it fires.
struct IdleMerge {
    /// How long the inbox must be quiet before merging starts.
    static let quiet = Duration.seconds(1)

    private enum State { case waiting, scheduled, settled }

    private var epoch = 0
    private var state = State.waiting
    private var steps = 0
    private var started = ContinuousClock.now

    /// Whether nothing is set for this quiet spell yet: the committer sets the timer.
    var needsTimer: Bool { state == .waiting }

    /// Sets the quiet-timer: after `delay`, `.idle(epoch)` reaches the committer.
    mutating func schedule(after delay: Duration, in group: inout DiscardingTaskGroup,
                           sink: AsyncStream<CommitInput>.Continuation) {
        state = .scheduled
        let epoch = epoch
        group.addTask {
            try? await Task.sleep(for: delay)
            sink.yield(.idle(epoch))
        }
    }

    /// A file arrived: the quiet spell is over, and so is any merging.
    mutating func interrupt(logger: Logger) {
        if steps > 0 {
            logger.debug("search index: paused merging after \(steps) steps (\(ContinuousClock.now - started)): a file arrived")
        }
        epoch += 1
        state = .waiting
        steps = 0
    }

    /// Whether an `.idle(epoch)` is for this quiet spell and merging should go on.
    func isCurrent(_ epoch: Int) -> Bool { epoch == self.epoch && state == .scheduled }

    /// One merge step; true when there may be more. Done or failed, the spell is settled:
    /// nothing more until the next file. A failure (the store busy with an import's
    /// commit, a full disk) is no one's concern here: the commits merge as they always
    /// did, and the next quiet spell tries again.
    mutating func step(_ store: StoreHandle, status: DaemonStatus, logger: Logger) async -> Bool {
        if steps == 0 { started = ContinuousClock.now }
        status.heartbeat()
        do {
            if try await store.mergeSearchIndex() {
                steps += 1
                return true
            }
            if steps > 0 {
                // Info only for a long spell (an import's leftovers): a trickle of files
                // ends a short one after nearly every file, and the journal is the files'.
                let took = ContinuousClock.now - started
                logger.log(level: took >= .seconds(1) ? .info : .debug,
                           "search index: merged while the inbox was quiet, \(steps) steps in \(took)")
            }
        } catch {
            logger.debug("search index: could not merge while the inbox was quiet: \(error)")
        }
        state = .settled
        steps = 0
        return false
    }
}
