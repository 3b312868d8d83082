import Foundation
import GazetteCore

/// The durable article store (contract skeleton: the store issue fills it in).
///
/// The daemon and the CLI code against these signatures; keep them stable.
public final class GazetteStore: Sendable {
    public let path: String

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        throw .unavailable(path: path, detail: "the store is not built yet")
    }

    /// Writes a batch of pages in ONE transaction: each page's file row and all its
    /// articles, or nothing. A page whose SHA-256 is already stored is a duplicate
    /// (recorded, nothing else written). Returns one outcome per page, in order.
    public func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome] {
        throw .unavailable(path: path, detail: "the store is not built yet")
    }

    /// Records a quarantined file (so `stats` can count failures), in its own transaction.
    public func recordFailure(_ failure: FailureRecord) throws(StoreError) {
        throw .unavailable(path: path, detail: "the store is not built yet")
    }
}

/// One parsed page on its way into the store, with where it came from.
public struct PageRecord: Sendable {
    /// The file's name as it arrived in the inbox (relative to the inbox).
    public var fileName: String
    /// The paper: the inbox subfolder it was dropped in, or nil.
    public var source: String?
    public var size: Int
    public var receivedAt: Date
    public var page: ParsedPage

    public init(fileName: String, source: String?, size: Int, receivedAt: Date, page: ParsedPage) {
        self.fileName = fileName
        self.source = source
        self.size = size
        self.receivedAt = receivedAt
        self.page = page
    }
}

/// What became of one page in `ingest`.
public enum IngestOutcome: Sendable, Equatable {
    /// Newly stored, with the ids of its articles in `seq` order.
    case stored(fileID: Int64, articleIDs: [Int64])
    /// The same bytes were stored before (under this file id); nothing new was written.
    case duplicate(ofFileID: Int64)
}

/// A file that could not be stored, for the record.
public struct FailureRecord: Sendable {
    public var fileName: String
    public var sha256: String?
    public var size: Int
    public var code: String
    public var message: String
    public var at: Date

    public init(fileName: String, sha256: String?, size: Int, code: String, message: String, at: Date) {
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
        self.code = code
        self.message = message
        self.at = at
    }
}

/// Store failures. `isTransient` tells the daemon to keep the file in the inbox and retry.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case unavailable(path: String, detail: String)

    public var isTransient: Bool { false }

    public var description: String {
        switch self {
        case .unavailable(let path, let detail): "store \(path) is unavailable: \(detail)"
        }
    }
}
