import Foundation
import GazetteCore

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
    /// The stored file itself, seen again under the same name and source (say, committed
    /// just before a crash and found in the inbox on restart): nothing was written, and it
    /// is not counted as a duplicate.
    case alreadyStored(fileID: Int64)
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
