import GazetteCore
import GazetteStore

/// What becomes of one file of a batch, decided by the store writer (for a parsed page) or
/// from the worker's result (for the others). The disposer acts on it, the reporter tells
/// the journal and STATUS; nothing else decides a file's way out.
enum Fate: Sendable {
    /// Committed now (`IngestOutcome.stored`), or already stored under this name (a commit
    /// just before a crash): either way durable, so the file leaves the inbox.
    case stored(ParsedPage, IngestOutcome)
    /// The same bytes were stored before (here, or by another daemon on a shared database).
    case duplicate(ParsedPage, of: Int64)
    /// Will never be a page: to `failed/` with a reason file.
    case quarantined(Refusal, sha256: String?)
    /// Cannot be done now (a read error, a store refusal that is not the page's fault):
    /// stays in the inbox and is taken again after the episode's back-off.
    case retry(problem: String)
    /// Its producer is still writing it: looked at again after `after`, quietly.
    case waitForWriter(after: Duration)
    /// Stored before but not yet moved out of the inbox: only the move is tried again.
    case moveAgain(ParkedFile)
    /// Gone before it could be read.
    case vanished
    /// Shutdown came while the store refused the batch: stays in the inbox for the next start.
    case leftForNextStart

    init(page: ParsedPage, _ outcome: Result<IngestOutcome, StoreError>) {
        switch outcome {
        case .success(.duplicate(let fileID)): self = .duplicate(page, of: fileID)
        case .success(let stored): self = .stored(page, stored)
        case .failure(let error) where error.blamesTheInput: self = .quarantined(.storeRefused(error), sha256: page.sha256)
        case .failure(let error): self = .retry(problem: "the store rejected the page: \(error)")
        }
    }
}
