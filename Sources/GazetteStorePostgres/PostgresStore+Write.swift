import Foundation
import GazetteCore
import GazetteStore
import PostgresNIO

/// The writes, as `GazetteStore` makes them on SQLite (GazetteStore+Ingest.swift, Labels.swift).
extension PostgresStore: ArticleStore {
    /// Writes a batch of pages in ONE transaction: each page's file row and all its
    /// articles with their search vectors, or nothing.
    ///
    /// The file row goes in first with `ON CONFLICT (sha256) DO NOTHING`: when another
    /// transaction (another host) is storing the same bytes, this waits for it and then
    /// finds its row, so the page is recorded as a duplicate of it — the unique index
    /// decides, there is no window between a check and an insert. Committed with
    /// `synchronous_commit = on` before this returns.
    public func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome] {
        for record in pages where record.page.sha256.isEmpty {
            throw .invalidInput(detail: "page \(record.fileName) has no SHA-256: the parser must identify pages by their bytes")
        }
        let now = Date()
        // Tokens, vectors and JSON columns are computed before the transaction opens.
        let prepared = pages.map { record in record.page.articles.map(PreparedArticle.init) }
        return try transaction { db throws(StoreError) in
            var outcomes: [IngestOutcome] = []
            for (record, articles) in zip(pages, prepared) {
                outcomes.append(try Self.insert(record, articles, storedAt: now, db))
            }
            return outcomes
        }
    }

    private static func insert(_ record: PageRecord, _ articles: [PreparedArticle], storedAt: Date, _ db: Transaction)
        throws(StoreError) -> IngestOutcome
    {
        let page = record.page
        var insert = SQL()
        insert += """
            INSERT INTO files(sha256, name, size, encoding, replaced_bytes, source, received_at, stored_at, article_count)
            VALUES (\(insert.bind(page.sha256)), \(insert.bind(record.fileName)), \(insert.bind(record.size)),
                \(insert.bind(page.encoding.rawValue)), \(insert.bind(page.replacedBytes)), \(insert.bind(record.source)),
                \(insert.bind(record.receivedAt)), \(insert.bind(storedAt)), \(insert.bind(page.articles.count)))
            ON CONFLICT (sha256) DO NOTHING RETURNING id
            """
        if let row = try db.execute(insert).first {
            let fileID = try row.value("id", Int64.self)
            let rows = articles.map { ArticleRow(prepared: $0, classifiedAt: storedAt) }
            return .stored(fileID: fileID, articleIDs: try Self.insert(rows, fileID: fileID, db))
        }
        var find = SQL()
        find += "SELECT id, name, source FROM files WHERE sha256 = \(find.bind(page.sha256))"
        guard let existing = try db.execute(find).first else {
            throw .unavailable(path: db.location, detail: "the file row of \(page.sha256) conflicted but cannot be read; retry")
        }
        let fileID = try existing.value("id", Int64.self)
        // The same bytes under the same name and source: the stored file itself, seen
        // again (committed just before a crash, before it could leave the inbox).
        if try existing.value("name", String.self) == record.fileName, try existing.value("source", String?.self) == record.source {
            return .alreadyStored(fileID: fileID)
        }
        var duplicate = SQL()
        duplicate += """
            INSERT INTO duplicates(file_id, name, source, size, received_at)
            VALUES (\(duplicate.bind(fileID)), \(duplicate.bind(record.fileName)), \(duplicate.bind(record.source)),
                \(duplicate.bind(record.size)), \(duplicate.bind(record.receivedAt)))
            """
        try db.execute(duplicate)
        var count = SQL()
        count += "UPDATE files SET duplicate_count = duplicate_count + 1 WHERE id = \(count.bind(fileID))"
        try db.execute(count)
        return .duplicate(ofFileID: fileID)
    }

    /// An article as it is written: its values, and for `gazette migrate` the id, content
    /// hash and classification time it had in the other store.
    struct ArticleRow {
        var prepared: PreparedArticle
        var classifiedAt: Date?
        var id: Int64? = nil
        var contentSHA256: String? = nil
    }

    /// A page's articles with their search vectors, in one statement per 500 (a round trip
    /// per article was most of a page's time); returns their ids in the order given.
    static func insert(_ articles: [ArticleRow], fileID: Int64, _ db: Transaction) throws(StoreError) -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(articles.count)
        for start in stride(from: 0, to: articles.count, by: 500) {
            let part = articles[start..<min(start + 500, articles.count)]
            let withIDs = part.contains { $0.id != nil }
            var sql = SQL()
            var tuples: [String] = []
            for row in part {
                let article = row.prepared.article
                let classification = article.classification
                var values = withIDs ? [sql.bind(row.id)] : []
                values += [
                    sql.bind(fileID), sql.bind(article.seq), sql.bind(article.kind.rawValue), sql.bind(article.kicker),
                    sql.bind(article.headline), sql.bind(article.subtitle), sql.bind(row.prepared.reporters),
                    sql.bind(row.prepared.correspondents), sql.bind(row.prepared.photographers), sql.bind(article.source),
                    sql.bind(article.dateline), sql.bind(article.continuedFrom), sql.bind(row.prepared.subheads),
                    sql.bind(row.prepared.paragraphs), sql.bind(classification?.category),
                    sql.bind(classification?.confidence), sql.bind(row.prepared.scores),
                    sql.bind(classification == nil ? nil : row.classifiedAt),
                    sql.bind(row.prepared.provinces), sql.bind(row.prepared.places), sql.bind(article.quality.joinedBreaks),
                    sql.bind(article.quality.droppedDuplicates), sql.bind(article.quality.garbledRatio),
                    sql.bind(row.contentSHA256 ?? row.prepared.contentSHA256),
                    sql.bind(SearchVector.literal(row.prepared.tokens)) + "::tsvector",
                ]
                tuples.append("(" + values.joined(separator: ", ") + ")")
            }
            sql += """
                INSERT INTO articles(\(withIDs ? "id, " : "")file_id, seq, kind, kicker, headline, subtitle,
                    reporters, correspondents, photographers, source, dateline, continued_from,
                    subheads, paragraphs, category, confidence, scores, classified_at,
                    provinces, places, joined_breaks, dropped_duplicates, garbled_ratio, content_sha256, search)
                VALUES \(tuples.joined(separator: ", ")) RETURNING id, seq
                """
            // Matched by seq (unique within the page): RETURNING promises no order.
            var bySeq: [Int: Int64] = [:]
            for row in try db.execute(sql) { bySeq[try row.value("seq", Int.self)] = try row.value("id", Int64.self) }
            for row in part {
                guard let id = bySeq[row.prepared.article.seq] else {
                    throw .unavailable(path: db.location, detail: "an article insert returned no id for seq \(row.prepared.article.seq)")
                }
                ids.append(id)
            }
        }
        return ids
    }

    public func recordFailure(_ failure: FailureRecord) throws(StoreError) {
        var sql = SQL()
        sql += """
            INSERT INTO failures(name, sha256, size, code, message, at)
            VALUES (\(sql.bind(failure.fileName)), \(sql.bind(failure.sha256)), \(sql.bind(failure.size)),
                \(sql.bind(failure.code)), \(sql.bind(failure.message)), \(sql.bind(failure.at)))
            """
        try transaction { db throws(StoreError) in try db.execute(sql) }
    }

    public func fileID(sha256: String) throws(StoreError) -> Int64? {
        var sql = SQL()
        sql += "SELECT id FROM files WHERE sha256 = \(sql.bind(sha256))"
        return try query(sql).first?.value("id", Int64.self)
    }

    @discardableResult
    public func label(articleID: Int64, topic: String, at: Date = Date()) throws(StoreError) -> Int64 {
        guard Taxonomy.allIDs.contains(topic) else {
            throw .invalidInput(detail: "unknown topic \"\(topic)\": use one of \(Taxonomy.allIDs.joined(separator: ", "))")
        }
        var sql = SQL()
        let id = sql.bind(articleID)
        sql += """
            INSERT INTO labels(article_id, topic, at) SELECT \(id), \(sql.bind(topic)), \(sql.bind(at))
            WHERE EXISTS (SELECT 1 FROM articles WHERE id = \(id)) RETURNING id
            """
        guard let row = try transaction({ db throws(StoreError) in try db.execute(sql) }).first else {
            throw .noSuchArticle(id: articleID)
        }
        return try row.value("id", Int64.self)
    }

    /// `GazetteStore.reclassify` on PostgreSQL: batches read, classified outside any
    /// transaction, each written in one short transaction that re-checks for a label.
    public func reclassify(
        since: Date? = nil, batchSize: Int = 500, at: Date = Date(), _ classify: (Article) -> Classification?
    ) throws(StoreError) -> ReclassifySummary {
        var examined = 0, changed = 0, noVerdict = 0
        var count = SQL()
        let condition = Self.filter(since: since, &count)
        count += "SELECT count(*) AS n FROM \(Self.from) WHERE \(condition) AND EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id)"
        let skippedLabelled = try query(count).first?.value("n", Int.self) ?? 0
        var lastID: Int64 = 0
        while true {
            var select = SQL()
            let condition = Self.filter(since: since, &select)
            select += """
                \(Self.select) WHERE \(condition) AND a.id > \(select.bind(lastID))
                AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id) ORDER BY a.id LIMIT \(select.bind(max(1, batchSize)))
                """
            let batch = try query(select).map { row throws(StoreError) in try Self.article(row) }
            guard let last = batch.last else { break }
            lastID = last.id
            var updates: [(Int64, Classification)] = []
            for stored in batch {
                examined += 1
                guard let verdict = classify(stored.article) else {
                    noVerdict += 1
                    continue
                }
                if verdict != stored.article.classification { updates.append((stored.id, verdict)) }
            }
            guard !updates.isEmpty else { continue }
            changed += try transaction { db throws(StoreError) in
                var changed = 0
                for (id, verdict) in updates {
                    var update = SQL()
                    update += """
                        UPDATE articles SET category = \(update.bind(verdict.category)),
                            confidence = \(update.bind(verdict.confidence)),
                            scores = \(update.bind(JSONColumn.text(verdict.scores))), classified_at = \(update.bind(at))
                        WHERE id = \(update.bind(id)) AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.article_id = articles.id)
                        RETURNING id
                        """
                    changed += try db.execute(update).count
                }
                return changed
            }
        }
        return StoreBackend.reclassifySummary(
            examined: examined, changed: changed, skippedLabelled: skippedLabelled, noVerdict: noVerdict)
    }
}
