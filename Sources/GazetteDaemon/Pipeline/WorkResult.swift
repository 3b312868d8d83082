import Foundation
import GazetteCore

/// What a worker made of one file, waiting for the committer.
struct WorkResult: Sendable {
    enum Outcome: Sendable {
        /// Parsed (and classified): goes into the next transaction.
        case page(ParsedPage)
        /// Will never be a page: quarantine.
        case refused(Refusal, sha256: String?)
        /// Stored already, in a batch before, but not yet moved out of the inbox: only the
        /// move is tried again (never a second commit, never a second row).
        case awaitingMove(ParkedFile)
        /// Gone before it could be read.
        case vanished
        /// Could not be read now; retry after a back-off.
        case transient(SystemError)
        /// A producer is still writing it (open for writing, changed during the read, or
        /// empty and not yet given the quiet period): look again later, quietly.
        case stillWriting
    }

    var entry: InboxEntry
    var size: Int
    var receivedAt: Date
    var outcome: Outcome
    /// The file that was read (nil when none was opened): the only one that may be moved.
    var identity: FileIdentity?
    /// The worker holds the `LargePageGate` for this file: the committer commits it at
    /// once and then releases the gate.
    var holdsLargePageGate = false
}

/// A stored file that could not leave the inbox (`processed/` is a file, a day folder is
/// immutable, the inbox read-only …): its move is retried with a growing delay.
struct ParkedFile: Sendable {
    var identity: FileIdentity?
    var sha256: String
    /// The delay before the next attempt.
    var delay: Duration
    var attempts: Int

    /// The first retry comes after `first`; each failure doubles the delay up to `cap`.
    static let first = Duration.milliseconds(500)
    static let cap = Duration.seconds(30)

    var next: ParkedFile {
        var next = self
        next.attempts += 1
        next.delay = min(delay * 2, Self.cap)
        return next
    }
}

/// What the committer's loop reacts to: a worker's result, or a batch's deadline.
enum CommitInput: Sendable {
    case result(WorkResult)
    /// The batch that started with generation `Int` has waited `batch_delay_ms`.
    case deadline(Int)
    /// The quiet-timer of the quiet spell numbered `Int` ran out (see `IdleMerge`).
    case idle(Int)
}
