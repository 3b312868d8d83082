import Foundation
import GazetteCore

/// What a worker made of one file, waiting for the committer.
struct WorkResult: Sendable {
    enum Outcome: Sendable {
        /// Parsed (and classified): goes into the next transaction.
        case page(ParsedPage)
        /// Will never be a page: quarantine.
        case refused(Refusal, sha256: String?)
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
    /// The worker holds the `LargePageGate` for this file: the committer commits it at
    /// once and then releases the gate.
    var holdsLargePageGate = false
}

/// What the committer's loop reacts to: a worker's result, or a batch's deadline.
enum CommitInput: Sendable {
    case result(WorkResult)
    /// The batch that started with generation `Int` has waited `batch_delay_ms`.
    case deadline(Int)
}
