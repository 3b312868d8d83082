import Foundation
import GRDB

/// Store failures, each telling the operator what happened and what to do.
///
/// `isTransient` tells the daemon to keep the file in the inbox and retry later (the store
/// is busy, the disk is full or flaky); a permanent error needs a person (a corrupt file,
/// wrong permissions, a store written by a newer Gazette).
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Generic: the store cannot be used, for the reason given.
    case unavailable(path: String, detail: String)
    /// Read-only open of a store file that does not exist.
    case notFound(path: String)
    /// Another connection holds the write lock longer than the busy timeout.
    case busy(path: String, detail: String)
    /// SQLITE_FULL: the disk (or a quota) is full. `detail` is SQLite's code, message and
    /// statement, so the journal tells which write hit the wall.
    case diskFull(path: String, detail: String = "")
    /// SQLITE_IOERR: the operating system failed a read, write or fsync.
    case io(path: String, detail: String)
    /// SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged or not a Gazette store.
    case corrupt(path: String, detail: String)
    /// The file or its directory cannot be read or written by this user.
    case permissionDenied(path: String, detail: String)
    /// The store was migrated by a newer Gazette than this one.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// A read-only open found a store that still needs migrating.
    case schemaTooOld(path: String, missingMigrations: [String])
    /// SQLITE_CONSTRAINT: a row broke a schema rule (two articles with one `seq` …); the
    /// whole transaction was rolled back. Retrying the same batch fails the same way:
    /// ingest its pages one by one to find the page at fault.
    case constraint(path: String, detail: String)
    /// The caller passed a value the store refuses (an unknown topic, an empty SHA-256 …).
    case invalidInput(detail: String)
    /// No article with this id.
    case noSuchArticle(id: Int64)
    /// A search query over the limits (`SearchQuery.maxTerms`, `SearchQuery.maxCharacters`):
    /// refused before it reaches the index, whose cost grows with the square of the terms.
    case queryTooLarge(terms: Int, characters: Int)
    /// A database server (PostgreSQL) that cannot be reached, refuses connections or is
    /// restarting: transient, nothing was written, retry.
    case unreachable(path: String, detail: String)

    public var isTransient: Bool {
        switch self {
        case .busy, .diskFull, .io, .unreachable: true
        default: false
        }
    }

    /// Whether the data written is at fault, so no retry can store it: a schema rule it
    /// breaks, a value the store refuses. (Busy, full, I/O, permission and corruption are
    /// the store's problem, not the page's.) The daemon quarantines a page refused so
    /// alone, instead of keeping it in the inbox for ever.
    public var blamesTheInput: Bool {
        switch self {
        case .constraint, .invalidInput: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let path, let detail):
            "store \(path) is unavailable: \(detail)"
        case .notFound(let path):
            "no store at \(path): start the daemon or run `gazette ingest --store \(path) FILE...` to create it, or pass --store / set GAZETTE_STORE"
        case .busy(let path, let detail):
            "store \(path) is locked by another writer (\(detail)): the daemon may be writing; retry, or stop it for a one-shot ingest"
        case .diskFull(let path, let detail):
            "the disk holding store \(path) is full\(detail.isEmpty ? "" : " (\(detail))"): free space (df -h \((path as NSString).deletingLastPathComponent)); files stay in the inbox and are retried"
        case .io(let path, let detail):
            "I/O error on store \(path) (\(detail)): check the disk (dmesg, smartctl); files stay in the inbox and are retried"
        case .corrupt(let path, let detail):
            "store \(path) is corrupt or not a Gazette database (\(detail)): run `gazette verify --store \(path)` and restore it from backup; Gazette never overwrites it"
        case .permissionDenied(let path, let detail):
            "store \(path) cannot be opened by this user (\(detail)): check the owner and mode of the file and its directory (user gazette, see the tmpfiles snippet)"
        case .schemaTooNew(let path, let unknown):
            "store \(path) was written by a newer Gazette (unknown migrations: \(unknown.joined(separator: ", "))): upgrade gazette; this version will not touch it"
        case .schemaTooOld(let path, let missing):
            "store \(path) needs migrating (\(missing.joined(separator: ", "))): open it read-write once (start the daemon or run `gazette ingest`)"
        case .constraint(let path, let detail):
            "store \(path) refused a write (\(detail)); nothing of the batch was written: the parsed page breaks a store rule, please report it with the page file"
        case .unreachable(let path, let detail):
            "the database \(path) cannot be reached (\(detail)): check that PostgreSQL runs and accepts this user (the URL, its password file or PGPASSFILE); files stay in the inbox and are retried"
        case .invalidInput(let detail):
            detail
        case .noSuchArticle(let id):
            "no article with id \(id): find ids with `gazette search`"
        case .queryTooLarge(let terms, let characters):
            "the query has \(terms) terms and \(characters) characters; a search takes at most \(SearchQuery.maxTerms) terms"
                + " and \(SearchQuery.maxCharacters) characters: search for fewer words (every word must match, so a few"
                + " distinctive ones find the same articles)"
        }
    }
}

extension StoreError {
    /// Maps any error thrown under GRDB to the store's own, by SQLite result code.
    init(_ error: any Error, path: String) {
        if let storeError = error as? StoreError {
            self = storeError
            return
        }
        guard let dbError = error as? DatabaseError else {
            self = .unavailable(path: path, detail: String(describing: error))
            return
        }
        let detail = dbError.message ?? "SQLite error \(dbError.extendedResultCode.rawValue)"
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy(path: path, detail: detail)
        case .SQLITE_FULL:
            let statement = dbError.sql.map { " in \($0.prefix(40))" } ?? ""
            self = .diskFull(path: path, detail: "SQLite error \(dbError.extendedResultCode.rawValue)\(statement)")
        case .SQLITE_IOERR:
            self = .io(path: path, detail: detail)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self = .corrupt(path: path, detail: detail)
        case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            self = .permissionDenied(path: path, detail: detail)
        case .SQLITE_CONSTRAINT:
            self = .constraint(path: path, detail: detail)
        case .SQLITE_CANTOPEN:
            let directory = (path as NSString).deletingLastPathComponent
            let hint = FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory)
                ? "cannot open or create the file" : "the directory \(directory) does not exist"
            self = .permissionDenied(path: path, detail: "\(hint): \(detail)")
        default:
            self = .unavailable(path: path, detail: detail)
        }
    }
}
