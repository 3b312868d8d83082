import Foundation
import GazetteStore
import Logging
import Synchronization
import SystemPackage

/// Acts on each file's fate: moves it to `processed/` (or deletes it) or to `failed/` with
/// its reason file, parks a stored file that cannot leave the inbox, and hands the queue
/// back what must be taken again (`IntakeQueue.retry(_:after:)`). Writes no journal line:
/// what it did goes to the reporter as an ``Act``.
final class Disposer: Sendable {
    let disposition: Disposition
    let queue: IntakeQueue
    let status: DaemonStatus
    let writerWaits: WriterWaits
    /// Stored files that could not be moved out of the inbox, waiting for their next
    /// attempt (see ``ParkedFile``): they are never read or committed again.
    let parked = Mutex<[InboxEntry: ParkedFile]>([:])

    init(disposition: Disposition, queue: IntakeQueue, status: DaemonStatus, writerWaits: WriterWaits) {
        self.disposition = disposition
        self.queue = queue
        self.status = status
        self.writerWaits = writerWaits
    }

    /// What the disposer did with a file.
    enum Act: Sendable {
        /// Moved, deleted, gone meanwhile, or replaced by another file (queued again).
        case departed(Disposition.Departure)
        /// Moved to `failed/` at this path, its reason file beside it.
        case quarantined(FilePath)
        /// Could not be moved to `failed/`: stays in the inbox and is retried.
        case quarantineFailed(SystemError)
        /// Stored but could not leave the inbox: only its move is retried, after
        /// `file.delay`. `first` of an episode; `count` files so parked now.
        case parked(ParkedFile, SystemError, first: Bool, count: Int)
        /// A parked file left at last; `remaining` are still parked.
        case unparked(Disposition.Departure, attempts: Int, remaining: Int)
        /// Taken again after the episode's back-off; `first` failure of the episode.
        case retrying(after: Duration, first: Bool)
        /// Looked at again after its producer's wait.
        case waiting(after: Duration)
        /// Nothing to move (vanished, or left in the inbox for the next start).
        case released
    }

    func act(on fate: Fate, _ result: WorkResult, config: DaemonConfig, now: Date,
             touched: inout Disposition.Touched) -> Act {
        let entry = result.entry
        if case .waitForWriter = fate {} else { writerWaits.forget(entry) }
        switch fate {
        case .stored(let page, _), .duplicate(let page, _):
            do {
                let departure = try disposition.finish(entry, identity: result.identity, mode: config.afterSuccess,
                                                       now: now, touched: &touched)
                depart(entry, departure)
                return .departed(departure)
            } catch {
                return park(entry, ParkedFile(identity: result.identity, sha256: page.sha256,
                                              delay: ParkedFile.first, attempts: 1), error: error)
            }
        case .moveAgain(let file):
            let departure: Disposition.Departure
            do {
                departure = try disposition.finish(entry, identity: file.identity, mode: config.afterSuccess,
                                                   now: now, touched: &touched)
            } catch {
                return park(entry, file.next, error: error)
            }
            let remaining = parked.withLock { parked -> Int in
                parked[entry] = nil
                return parked.count
            }
            depart(entry, departure)
            return .unparked(departure, attempts: file.attempts, remaining: remaining)
        case .quarantined(let refusal, let sha256):
            let reason = ReasonFile(file: entry.description, fileEscaped: entry.escapedName,
                                    refusal: refusal, sha256: sha256, size: result.size, at: now)
            do {
                let departure = try disposition.quarantine(entry, identity: result.identity, reason: reason,
                                                           touched: &touched)
                depart(entry, departure)
                if case .moved(let path) = departure { return .quarantined(path) }
                return .departed(departure)
            } catch where error.errno == ENOENT {
                queue.finished(entry)
                return .released
            } catch {
                // Logged as a failed move (by the reporter), not as a transient error.
                let (delay, _) = beginRetry(problem: error.description)
                queue.retry(entry, after: delay)
                return .quarantineFailed(error)
            }
        case .retry(let problem):
            let (delay, first) = beginRetry(problem: problem)
            queue.retry(entry, after: delay)
            return .retrying(after: delay, first: first)
        case .waitForWriter(let delay):
            queue.retry(entry, after: delay)
            return .waiting(after: delay)
        case .vanished, .leftForNextStart:
            queue.finished(entry)
            return .released
        }
    }

    /// Whether a taken file was stored before and only waits for its move.
    func parkedFile(_ entry: InboxEntry) -> ParkedFile? {
        parked.withLock { $0[entry] }
    }

    /// A transient problem of this file: the episode goes on, and the back-off grows.
    private func beginRetry(problem: String) -> (Duration, Bool) {
        let first = status.beginTransient(problem)
        return (status.backoff, first)
    }

    /// A stored file that cannot leave the inbox waits outside the queue and only its move
    /// is tried again, after 0.5 s, then twice as long each time up to 30 s.
    private func park(_ entry: InboxEntry, _ file: ParkedFile, error: SystemError) -> Act {
        let (count, first) = parked.withLock { parked -> (Int, Bool) in
            let first = parked.isEmpty
            parked[entry] = file
            return (parked.count, first)
        }
        queue.retry(entry, after: file.delay)
        return .parked(file, error, first: first, count: count)
    }

    /// Finishes with a file that left (or had left) the inbox, or that was replaced by
    /// another file after it was read: that one is queued again, as the new arrival it is
    /// (its own event came while the name was still taken, and was not queued).
    private func depart(_ entry: InboxEntry, _ departure: Disposition.Departure) {
        queue.finished(entry, again: departure == .replaced)
    }
}
