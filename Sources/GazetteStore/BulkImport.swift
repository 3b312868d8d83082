import Foundation
import GRDB
import GazetteCore

/// A parsed page made ready for a bulk import: every value the store writes for it —
/// JSON columns, content hashes, the full-text index's tokens — computed up front, off the
/// writer. `gazette import` makes these on all cores; the writer then only binds values,
/// so the one thread SQLite allows to write never tokenizes or hashes.
public struct ImportPage: Sendable {
    public let record: PageRecord
    let articles: [PreparedArticle]

    /// Computes the stored values of `record` (pure; call it on a worker).
    public init(_ record: PageRecord) {
        self.record = record
        articles = record.page.articles.map(PreparedArticle.init)
    }
}

/// One article's column values and index tokens, as `GazetteStore.insert(_:fileID:…)`
/// would compute them on the writer.
package struct PreparedArticle: Sendable {
    package var article: Article
    package var reporters, correspondents, photographers, subheads, paragraphs, provinces, places: String
    package var scores: String?
    package var contentSHA256: String
    /// headline, subtitle, kicker, body, names: `SearchTokens` of each, as `SearchText.insert` binds them.
    package var tokens: [String]

    package init(_ article: Article) {
        self.article = article
        reporters = JSONColumn.text(article.reporters)
        correspondents = JSONColumn.text(article.correspondents)
        photographers = JSONColumn.text(article.photographers)
        subheads = JSONColumn.text(article.subheads)
        paragraphs = JSONColumn.text(article.paragraphs)
        provinces = JSONColumn.text(article.provinces)
        places = JSONColumn.text(article.places)
        scores = article.classification.map { JSONColumn.text($0.scores) }
        contentSHA256 = ArticleHash.hex(article)
        tokens = [
            SearchTokens.text(article.headline), SearchTokens.text(article.subtitle), SearchTokens.text(article.kicker),
            SearchTokens.text(article.paragraphs),
            SearchTokens.text(article.reporters + article.correspondents + article.photographers),
        ]
    }
}

/// A file whose bytes are stored already, arriving under another name or paper: recorded
/// as a duplicate without being parsed.
public struct DuplicateArrival: Sendable {
    public var sha256: String
    public var fileName: String
    public var source: String?
    public var size: Int
    public var receivedAt: Date

    public init(sha256: String, fileName: String, source: String?, size: Int, receivedAt: Date) {
        self.sha256 = sha256
        self.fileName = fileName
        self.source = source
        self.size = size
        self.receivedAt = receivedAt
    }
}

/// What the store already knows of some SHA-256s: the stored file of each, and every
/// (name, paper) each was seen under — as the stored file or as a recorded duplicate.
public struct KnownArrivals: Sendable {
    public struct Arrival: Hashable, Sendable {
        public var sha256: String
        public var fileName: String
        public var source: String?

        public init(sha256: String, fileName: String, source: String?) {
            self.sha256 = sha256
            self.fileName = fileName
            self.source = source
        }
    }

    /// The stored file's id, by SHA-256.
    public var fileIDs: [String: Int64] = [:]
    public var arrivals: Set<Arrival> = []
}

extension GazetteStore {
    /// FTS5's pending-terms budget inside an import transaction (the store's own is 4 MB,
    /// `StoreSchema.SearchMerge.hashsize`). FTS5 checks it as rows are inserted and flushes
    /// a segment whenever it is exceeded; at 256 MB a whole batch's terms wait in memory and
    /// reach the index as ONE sorted segment at the commit, instead of one per 4 MB (fewer
    /// segments to merge later: the writer's CPU per page fell ~7 %, perf samples of 10,000
    /// pages, alternated; RSS +30 MB). It is set and restored inside the batch's own
    /// transaction, so the stored setting never changes — not even if the import is killed.
    static let importHashSize = 256 << 20

    /// SHA-256s per lookup statement: well under SQLite's 32,766 bound parameters.
    static let lookupChunk = 900

    /// Which of these SHA-256s are stored, and under which names, in a few indexed reads
    /// (the `files.sha256` UNIQUE index), so that an import skips a stored page before
    /// parsing it and a re-run costs a read and a hash per file.
    public func knownArrivals(sha256s: [String]) throws(StoreError) -> KnownArrivals {
        let unique = Array(Set(sha256s))
        return try read { db in
            var known = KnownArrivals()
            var start = 0
            while start < unique.count {
                let chunk = Array(unique[start..<min(start + Self.lookupChunk, unique.count)])
                start += chunk.count
                let marks = databaseQuestionMarks(count: chunk.count)
                let files = try Row.fetchAll(
                    db, sql: "SELECT id, sha256, name, source FROM files WHERE sha256 IN (\(marks))",
                    arguments: StatementArguments(chunk))
                var shaByID: [Int64: String] = [:]
                for row in files {
                    let sha: String = row["sha256"]
                    let id: Int64 = row["id"]
                    known.fileIDs[sha] = id
                    shaByID[id] = sha
                    known.arrivals.insert(.init(sha256: sha, fileName: row["name"], source: row["source"]))
                }
                guard !shaByID.isEmpty else { continue }
                let duplicates = try Row.fetchAll(
                    db, sql: "SELECT file_id, name, source FROM duplicates WHERE file_id IN (\(databaseQuestionMarks(count: shaByID.count)))",
                    arguments: StatementArguments(Array(shaByID.keys)))
                for row in duplicates {
                    guard let sha = shaByID[row["file_id"]] else { continue }
                    known.arrivals.insert(.init(sha256: sha, fileName: row["name"], source: row["source"]))
                }
            }
            return known
        }
    }

    /// One import batch in ONE transaction, fsynced (`synchronous=FULL`) before it returns:
    /// the pages (file rows, articles, index rows — with the same rules as `ingest`: a SHA-256
    /// stored before or earlier in the batch makes a duplicate, or nothing when it is the
    /// stored file's own name and paper), the duplicate arrivals found before parsing, and
    /// the refused files (each recorded once: a re-run refusing the same file again adds
    /// no second record). Returns one outcome per page, in order.
    ///
    /// The full-text rows of the whole batch go into FTS5's pending terms in rowid order
    /// and reach the index as a few large segments at the commit, instead of the daemon's
    /// one small segment per commit of a few pages, each merged again and again later.
    public func importBatch(
        _ pages: [ImportPage], duplicates: [DuplicateArrival] = [], failures: [FailureRecord] = []
    ) async throws(StoreError) -> [IngestOutcome] {
        for page in pages where page.record.page.sha256.isEmpty {
            throw .invalidInput(detail: "page \(page.record.fileName) has no SHA-256: the parser must identify pages by their bytes")
        }
        let now = StoredDate.value(Date())
        return try await write { db in
            try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('hashsize', \(Self.importHashSize))")
            let outcomes = try pages.map { try Self.insert($0, storedAt: now, db) }
            for arrival in duplicates { try Self.record(arrival, db) }
            for failure in failures { try Self.recordOnce(failure, db) }
            try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('hashsize', \(StoreSchema.SearchMerge.hashsize))")
            return outcomes
        }
    }

    private static func insert(_ page: ImportPage, storedAt: DatabaseValue, _ db: Database) throws -> IngestOutcome {
        let record = page.record
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, name, source FROM files WHERE sha256 = ?"),
                                      arguments: [record.page.sha256]) {
            let existing: Int64 = row["id"]
            if row["name"] == record.fileName, row["source"] == record.source {
                return .alreadyStored(fileID: existing)
            }
            try insertDuplicate(fileID: existing, name: record.fileName, source: record.source,
                                size: record.size, receivedAt: record.receivedAt, db)
            return .duplicate(ofFileID: existing)
        }
        try db.cachedStatement(sql: """
            INSERT INTO files(sha256, name, size, encoding, replaced_bytes, source, received_at, stored_at, article_count,
                source_kind, ocr_engine, ocr_engine_version, ocr_confidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.page.sha256, record.fileName, record.size, record.page.encoding.rawValue, record.page.replacedBytes,
                record.source, StoredDate.value(record.receivedAt), storedAt, record.page.articles.count,
                record.page.source.kind.rawValue, record.page.source.engine, record.page.source.engineVersion,
                record.page.source.meanConfidence,
            ])
        let fileID = db.lastInsertedRowID
        var ids: [Int64] = []
        ids.reserveCapacity(page.articles.count)
        for prepared in page.articles {
            ids.append(try insert(prepared, fileID: fileID, classifiedAt: storedAt, db))
        }
        return .stored(fileID: fileID, articleIDs: ids)
    }

    private static func record(_ arrival: DuplicateArrival, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, name, source FROM files WHERE sha256 = ?", arguments: [arrival.sha256])
        else { return }
        let fileID: Int64 = row["id"]
        if row["name"] == arrival.fileName, row["source"] == arrival.source { return }
        let seen = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM duplicates WHERE file_id = ? AND name = ? AND source IS ?)
            """, arguments: [fileID, arrival.fileName, arrival.source]) ?? false
        if seen { return }
        try insertDuplicate(fileID: fileID, name: arrival.fileName, source: arrival.source,
                            size: arrival.size, receivedAt: arrival.receivedAt, db)
    }

    private static func insertDuplicate(fileID: Int64, name: String, source: String?, size: Int, receivedAt: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO duplicates(file_id, name, source, size, received_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [fileID, name, source, size, StoredDate.value(receivedAt)])
        try db.execute(sql: "UPDATE files SET duplicate_count = duplicate_count + 1 WHERE id = ?", arguments: [fileID])
    }

    /// A failure is recorded once per (name, code, bytes): an import re-run over the same
    /// archive meets the same refused files again.
    private static func recordOnce(_ failure: FailureRecord, _ db: Database) throws {
        let seen = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM failures WHERE name = ? AND code = ? AND sha256 IS ?)
            """, arguments: [failure.fileName, failure.code, failure.sha256]) ?? false
        if seen { return }
        try db.execute(
            sql: "INSERT INTO failures(name, sha256, size, code, message, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [failure.fileName, failure.sha256, failure.size, failure.code, failure.message, StoredDate.value(failure.at)])
    }
}
