import GazetteStore
import Logging
import Synchronization

/// The store the pipeline writes to, opened when first needed and replaceable.
///
/// A database server that is down when the daemon starts is no reason to refuse to start
/// (the files wait in the inbox): the handle is then empty and each attempt opens it
/// again. After an I/O error (a full disk) a SQLite connection can stay failed even once
/// space is back while a fresh one works, so a transient failure reopens a file store; a
/// server's connections reconnect by themselves.
final class StoreHandle: Sendable {
    private let current: Mutex<(any ArticleStore)?>
    let opener: StoreOpener

    init(_ opener: StoreOpener, store: (any ArticleStore)? = nil) {
        self.opener = opener
        current = Mutex(store)
    }

    /// The open store, opening it now if it is not.
    func store() throws(StoreError) -> any ArticleStore {
        if let store = current.withLock({ $0 }) { return store }
        let fresh = try opener.open()
        return current.withLock { current in
            if let raced = current { return raced }
            current = fresh
            return fresh
        }
    }

    var isOpen: Bool { current.withLock { $0 != nil } }

    /// After a full disk: hands the WAL's space back (see `GazetteStore.reclaimJournal`).
    /// Only a SQLite file has a journal of the daemon's to reclaim. Failing is expected
    /// while the disk is still full; the next retry tries again.
    func reclaim(logger: Logger) {
        guard let sqlite = current.withLock({ $0 }) as? GazetteStore else { return }
        do {
            try sqlite.reclaimJournal()
        } catch {
            logger.debug("could not checkpoint the store's WAL yet: \(error)")
        }
    }

    /// One step of merging a file store's search index while the inbox is quiet (see
    /// `GazetteStore.mergeSearchIndex`): true when there was work. A database server's
    /// index needs no such steps, and a store not open yet has none to take: false.
    func mergeSearchIndex() async throws(StoreError) -> Bool {
        guard let sqlite = current.withLock({ $0 }) as? GazetteStore else { return false }
        return try await sqlite.mergeSearchIndex()
    }

    /// At the daemon's end: a file store is closed now, marked clean (see `GazetteStore.close`).
    func close() {
        guard let sqlite = current.withLock({ $0 }) as? GazetteStore else { return }
        sqlite.close()
    }

    /// Before the next attempt after a transient failure: a file store is opened afresh and
    /// swapped in (the old one kept if that fails too).
    func reopen() {
        guard opener.kind == .file, let fresh = try? opener.open() else { return }
        current.withLock { $0 = fresh }
    }
}
