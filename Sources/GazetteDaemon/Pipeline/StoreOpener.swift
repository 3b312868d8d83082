import GazetteStore

/// How the daemon reaches its store: the executable composes it (SQLite here, PostgreSQL
/// from GazetteStorePostgres), so the daemon writes through `any ArticleStore` and never
/// imports a database driver.
///
/// The kind decides what is the daemon's to guard: a SQLite file has one writer, so the
/// daemon takes its lock, checks it before writing and reopens it after an I/O error; a
/// database server is shared by many daemons (its unique constraint decides duplicates)
/// and reconnects by itself.
public struct StoreOpener: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A SQLite file at `location`.
        case file
        /// A database server many daemons may share.
        case server
    }

    /// The file's path, or the database's URL (never a password): for messages.
    public let location: String
    public let kind: Kind
    let open: @Sendable () throws(StoreError) -> any ArticleStore

    public init(location: String, kind: Kind, open: @escaping @Sendable () throws(StoreError) -> any ArticleStore) {
        self.location = location
        self.kind = kind
        self.open = open
    }

    /// The SQLite store at `path`. The daemon checks the file read-only before it opens it
    /// (`Daemon.refuseDamagedStore`) and is its one writer since (the store lock), so no
    /// open, first or after an I/O error, runs a second full-file quick_check.
    public static func sqlite(path: String) -> StoreOpener {
        StoreOpener(location: path, kind: .file) { () throws(StoreError) in
            try GazetteStore(path: path, checkIntegrity: false)
        }
    }
}
