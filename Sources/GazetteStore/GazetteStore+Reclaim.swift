import GRDB

extension GazetteStore {
    /// Gives the write-ahead log's space back to the filesystem: copies its committed pages
    /// into the database file and truncates it to zero (`wal_checkpoint(TRUNCATE)`).
    ///
    /// Why the daemon needs it after a full disk: a transaction that fails with
    /// SQLITE_FULL has already appended its pages to the WAL, and SQLite keeps the file at
    /// that size (it only reuses it). On a small filesystem the WAL then holds the space
    /// freed later, and every retry of the same batch grows it into the disk again — the
    /// store stays "full" while a fresh process, whose last close checkpoints and removes
    /// the WAL, succeeds. Fails (harmlessly, nothing is lost) while there is still no room
    /// for the checkpoint, or while a reader holds an old snapshot.
    public func reclaimJournal() throws(StoreError) {
        if readOnly { return }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }
}
