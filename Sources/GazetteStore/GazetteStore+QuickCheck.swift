import GRDB

extension GazetteStore {
    /// `PRAGMA quick_check`: SQLite's structural check of every page and b-tree, without
    /// the index-content cross-check of `verify`. The daemon runs it before its first write,
    /// so a store damaged inside (its header intact, which opening alone does not notice)
    /// is refused with guidance instead of being written on. Linear in the store's size.
    public func quickCheck() throws(StoreError) {
        let result = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        if result != ["ok"] {
            throw .corrupt(path: path, detail: "PRAGMA quick_check: " + result.prefix(5).joined(separator: "; "))
        }
    }
}
