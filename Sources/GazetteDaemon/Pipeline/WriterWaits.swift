import GazetteCore
import Synchronization

/// The one place that decides "a producer is still writing this file", and how long the
/// pipeline waits for it before looking again.
///
/// Still being written: the read found it open for writing or changing under it (the
/// reader's `EAGAIN`), or it is empty and has not yet been given the quiet period
/// (producers often create a file, then fill it). Not a problem: no error, no STATUS
/// change, never quarantined for it.
final class WriterWaits: Sendable {
    /// Files waiting for their producer, with the delay of their latest wait (it doubles
    /// from the quiet period). Also marks an empty file as already given its quiet period.
    private let waits = Mutex<[InboxEntry: Duration]>([:])

    func isStillBeingWritten(_ entry: InboxEntry, _ outcome: PageProcessor.Outcome) -> Bool {
        switch outcome {
        case .transient(let error):
            return FileReader.isStillBeingWritten(error)
        case .refused(let refusal, let sha256, let size):
            return size == 0 && sha256 != nil && refusal.code == PageError.empty.code
                && waits.withLock { $0[entry] == nil }
        case .page, .vanished:
            return false
        }
    }

    /// The wait before the next look: the quiet period, then twice as long each time (up
    /// to 5 s, or the quiet period if longer).
    func nextDelay(for entry: InboxEntry, quiet: Duration) -> Duration {
        let quiet = max(quiet, .milliseconds(50))
        return waits.withLock { waits -> Duration in
            let next = waits[entry].map { min($0 * 2, max(quiet, .seconds(5))) } ?? quiet
            waits[entry] = next
            return next
        }
    }

    /// The file was taken for good (or left): its waits start afresh next time.
    func forget(_ entry: InboxEntry) {
        waits.withLock { $0[entry] = nil }
    }
}
