import Foundation
import GRDB
import GazetteCore

extension GazetteStore {
    /// Writes a batch of pages in ONE transaction: each page's file row and all its
    /// articles (with their search-index rows), or nothing. A page whose SHA-256 is already
    /// stored — before, or earlier in the same batch — is a duplicate: its arrival is
    /// recorded, nothing else is written; unless it has the stored file's own name and
    /// source, when it is that file seen again and nothing at all is written. Returns one outcome per page, in order.
    ///
    /// The commit is fsynced (`synchronous=FULL`) before this returns, so the caller may
    /// move the source files away as soon as it has the outcomes.
    public func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome] {
        try write(Self.transaction(pages))
    }

    /// `ingest`, awaited: the transaction runs on GRDB's writer queue and the caller's
    /// thread is free meanwhile. The daemon commits this way, so a commit (indexing, fsync)
    /// does not hold one of the cooperative pool's threads, one per core, that its parsers need.
    public func ingest(_ pages: [PageRecord]) async throws(StoreError) -> [IngestOutcome] {
        try await write(Self.transaction(pages))
    }

    /// The one transaction both `ingest`s run, after checking every page has its identity.
    private static func transaction(_ pages: [PageRecord]) throws(StoreError) -> @Sendable (Database) throws -> [IngestOutcome] {
        for record in pages where record.page.sha256.isEmpty {
            throw .invalidInput(detail: "page \(record.fileName) has no SHA-256: the parser must identify pages by their bytes")
        }
        let now = StoredDate.value(Date())
        return { db in try pages.map { record in try insert(record, storedAt: now, db) } }
    }

    /// Records a quarantined file (so `stats` can count failures), in its own transaction.
    public func recordFailure(_ failure: FailureRecord) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO failures(name, sha256, size, code, message, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [failure.fileName, failure.sha256, failure.size, failure.code, failure.message,
                            StoredDate.value(failure.at)])
        }
    }

    /// The id of the stored file with these bytes, if any (lets the daemon skip parsing).
    public func fileID(sha256: String) throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM files WHERE sha256 = ?", arguments: [sha256]) }
    }

    /// `storedAt` comes formatted (`StoredDate`): one conversion for the whole batch.
    private static func insert(_ record: PageRecord, storedAt: DatabaseValue, _ db: Database) throws -> IngestOutcome {
        let page = record.page
        if let row = try Row.fetchOne(db, sql: "SELECT id, name, source FROM files WHERE sha256 = ?", arguments: [page.sha256]) {
            let existing: Int64 = row["id"]
            // The same bytes under the same name and source: the stored file itself, seen
            // again (committed just before a crash, before it could leave the inbox), not
            // a second arrival.
            if row["name"] == record.fileName, row["source"] == record.source {
                return .alreadyStored(fileID: existing)
            }
            try db.execute(
                sql: "INSERT INTO duplicates(file_id, name, source, size, received_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [existing, record.fileName, record.source, record.size, StoredDate.value(record.receivedAt)])
            try db.execute(sql: "UPDATE files SET duplicate_count = duplicate_count + 1 WHERE id = ?", arguments: [existing])
            return .duplicate(ofFileID: existing)
        }
        try db.execute(
            sql: """
                INSERT INTO files(sha256, name, size, encoding, replaced_bytes, source, received_at, stored_at, article_count,
                    source_kind, ocr_engine, ocr_engine_version, ocr_confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                page.sha256, record.fileName, record.size, page.encoding.rawValue, page.replacedBytes,
                record.source, StoredDate.value(record.receivedAt), storedAt, page.articles.count,
                page.source.kind.rawValue, page.source.engine, page.source.engineVersion, page.source.meanConfidence,
            ])
        let fileID = db.lastInsertedRowID
        var articleIDs: [Int64] = []
        articleIDs.reserveCapacity(page.articles.count)
        for article in page.articles {
            articleIDs.append(try insert(article, fileID: fileID, classifiedAt: storedAt, db))
        }
        return .stored(fileID: fileID, articleIDs: articleIDs)
    }

    private static func insert(_ article: Article, fileID: Int64, classifiedAt: DatabaseValue, _ db: Database) throws -> Int64 {
        try insert(PreparedArticle(article), fileID: fileID, classifiedAt: classifiedAt, db)
    }

    /// Writes one article's row and its index row from values computed beforehand: the one
    /// place that knows the column order, for the daemon's ingest and `gazette import` alike.
    static func insert(_ prepared: PreparedArticle, fileID: Int64, classifiedAt: DatabaseValue, _ db: Database) throws -> Int64 {
        let article = prepared.article
        let classification = article.classification
        try db.cachedStatement(sql: """
                INSERT INTO articles(file_id, seq, kind, kicker, headline, subtitle,
                    reporters, correspondents, photographers, source, dateline, continued_from,
                    subheads, paragraphs, category, confidence, scores, classified_at,
                    provinces, places, joined_breaks, dropped_duplicates, garbled_ratio, content_sha256, ocr_confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
                fileID, article.seq, article.kind.rawValue, article.kicker, article.headline, article.subtitle,
                prepared.reporters, prepared.correspondents, prepared.photographers,
                article.source, article.dateline, article.continuedFrom,
                prepared.subheads, prepared.paragraphs, classification?.category, classification?.confidence,
                prepared.scores, classification == nil ? DatabaseValue.null : classifiedAt,
                prepared.provinces, prepared.places,
                article.quality.joinedBreaks, article.quality.droppedDuplicates, article.quality.garbledRatio,
                prepared.contentSHA256, article.quality.ocrConfidence,
            ])
        let id = db.lastInsertedRowID
        let t = prepared.tokens
        try db.cachedStatement(sql: SearchText.insertSQL).execute(arguments: [id, t[0], t[1], t[2], t[3], t[4]])
        return id
    }
}

/// The article's own content hash: SHA-256 of its text fields, so the same article
/// reprinted on another page can be recognised.
enum ArticleHash {
    static func hex(_ article: Article) -> String {
        var text = ""
        for part in [article.kicker, article.headline, article.subtitle] {
            text += (part ?? "") + "\u{1F}"
        }
        text += article.paragraphs.joined(separator: "\n")
        return SHA256.hex(of: Array(text.utf8))
    }
}
