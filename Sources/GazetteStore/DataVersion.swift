import GRDB

extension GazetteStore {
    /// A number that changes whenever another connection commits to the store (the daemon,
    /// `gazette import`, a label, `reclassify`): SQLite's `PRAGMA data_version`, read on the
    /// pool's writer connection — one fixed connection, since the value is only comparable
    /// with itself on the same connection. Reading it costs a look at the WAL index, no I/O.
    ///
    /// Commits made through this same `GazetteStore` do not change it: it is for readers
    /// (the reading room opens the store read-only) that keep answers until the data changes.
    public func dataVersion() throws(StoreError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            throw StoreError(error, path: path)
        }
    }
}
