import GazetteStore
import Logging
import Synchronization

/// The store the pipeline writes to, replaceable: after an I/O error (a full disk) an
/// SQLite connection can stay failed even once space is back, while a fresh one works.
/// So a transient failure reopens the store before the next attempt.
final class StoreHandle: Sendable {
    private let current: Mutex<GazetteStore>
    let path: String

    init(_ store: GazetteStore) {
        current = Mutex(store)
        path = store.path
    }

    var store: GazetteStore { current.withLock { $0 } }

    /// After a full disk: hands the WAL's space back (see `GazetteStore.reclaimJournal`).
    /// Failing is expected while the disk is still full; the next retry tries again.
    func reclaim(logger: Logger) {
        do {
            try store.reclaimJournal()
        } catch {
            logger.debug("could not checkpoint the store's WAL yet: \(error)")
        }
    }

    /// Opens a fresh store and swaps it in; keeps the old one if that fails too.
    func reopen() {
        // Checked at start-up and written only by us since (the store lock): no second
        // full-file quick_check on every transient retry.
        guard let fresh = try? GazetteStore(path: path, checkIntegrity: false) else { return }
        current.withLock { $0 = fresh }
    }
}
