import Foundation
import GRDB
import GazetteCore
import Synchronization

/// The durable article store: one SQLite file in WAL mode, written by one writer
/// connection with `synchronous=FULL`, read by any number of readers at the same time.
///
/// A page's file row, its articles and their search-index rows are committed together or
/// not at all, so a crash never leaves half a page; and pages are identified by the
/// SHA-256 of their bytes, so storing the same bytes twice is a recorded no-op.
///
/// ```swift
/// let store = try GazetteStore(path: "run/gazette.sqlite")
/// let outcomes = try store.ingest([record])   // one transaction for the batch
/// ```
public final class GazetteStore: Sendable {
    public let path: String
    public let readOnly: Bool
    let pool: DatabasePool
    /// Set when SQLite or `verify` finds the file damaged: its close then leaves no
    /// clean-shutdown marker, so the next writable open checks the whole file (and refuses it).
    let damaged = Mutex(false)

    /// Opens (creating and migrating if needed) the store at `path`.
    ///
    /// - Parameters:
    ///   - readOnly: open for queries only: the file must exist and be fully migrated;
    ///     nothing is ever written (the CLI's read commands use this while the daemon writes).
    ///   - busyTimeout: seconds a write waits for another writer before failing with
    ///     `StoreError.busy` (transient).
    ///   - checkIntegrity: before a writable open, check the file read-only and refuse a
    ///     damaged store untouched: `quick_check` of the whole file (linear in its size)
    ///     unless the last writer closed it cleanly and nothing touched it since (`OpenCheck`).
    ///     Only a process that already checked this store and has been its one writer since
    ///     (the daemon re-opening after a transient error) passes `false`.
    public init(path: String, readOnly: Bool = false, busyTimeout: TimeInterval = 5,
                checkIntegrity: Bool = true) throws(StoreError) {
        self.path = path
        self.readOnly = readOnly
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw .notFound(path: path)
        }
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.label = "gazette-store"
        config.maximumReaderCount = 4
        config.prepareDatabase { db in try SearchRank.register(db) }
        do {
            if !readOnly {
                if checkIntegrity { try Self.refuseIfDamaged(path: path) }
                // From here the file may change: only a clean close writes the marker again.
                try CleanShutdownMarker.remove(path: path)
            }
            // Set up in a local first: a store that fails to open never reaches `deinit`,
            // which would mark the file cleanly closed.
            let pool = try DatabasePool(path: path, configuration: config)
            if !readOnly {
                // The pool sets synchronous=NORMAL on its writer when it enables WAL; a page's
                // commit must survive power loss (the daemon moves the file right after), so
                // the writer goes back to FULL: each commit fsyncs the WAL.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
            }
            try Self.checkSchema(pool, path: path, readOnly: readOnly)
            self.pool = pool
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// A writable store checkpoints, closes and marks itself cleanly closed (see `OpenCheck`):
    /// the process that ends without getting here (a crash, `kill -9`) leaves no marker.
    deinit {
        closeCleanly()
    }

    /// Migrates a writable store; refuses a store written by a newer Gazette, and a
    /// read-only open of a store that still needs migrations.
    private static func checkSchema(_ pool: DatabasePool, path: String, readOnly: Bool) throws {
        let migrator = StoreSchema.migrator
        let applied = try pool.read { db in
            try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
        }
        let unknown = applied.subtracting(migrator.migrations)
        if !unknown.isEmpty {
            throw StoreError.schemaTooNew(path: path, unknownMigrations: unknown.sorted())
        }
        let missing = migrator.migrations.filter { !applied.contains($0) }
        guard !missing.isEmpty else { return }
        if readOnly {
            throw StoreError.schemaTooOld(path: path, missingMigrations: missing)
        }
        try migrator.migrate(pool)
    }

    /// The `synchronous` setting of the writer connection (2 = FULL); for tests and `verify`.
    public func writerSynchronous() throws(StoreError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// The journal mode of the file (`wal`).
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    /// Runs a read on a reader connection (a consistent snapshot), mapping errors.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw failure(error)
        }
    }

    /// Runs `body` in one write transaction, mapping errors.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        if readOnly {
            throw .permissionDenied(path: path, detail: "opened read-only")
        }
        do {
            return try pool.write(body)
        } catch {
            throw failure(error)
        }
    }

    /// Runs `body` in one write transaction on the writer's queue, suspending the caller.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        if readOnly {
            throw .permissionDenied(path: path, detail: "opened read-only")
        }
        do {
            return try await pool.write(body)
        } catch {
            throw failure(error)
        }
    }

    /// The store's error for `error`; SQLite finding the file damaged also means the close
    /// must not mark it clean (`markDamaged`).
    private func failure(_ error: any Error) -> StoreError {
        let mapped = StoreError(error, path: path)
        if case .corrupt = mapped { markDamaged() }
        return mapped
    }
}
