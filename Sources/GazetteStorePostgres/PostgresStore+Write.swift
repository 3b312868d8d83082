import Foundation
import GazetteCore
import GazetteStore
import PostgresNIO

/// The writes, as `GazetteStore` makes them on SQLite (GazetteStore+Ingest.swift, Labels.swift).
extension PostgresStore: ArticleStore {
    /// Writes a batch of pages in ONE transaction: each page's file row and all its
    /// articles with their search vectors, or nothing.
    ///
    /// The file rows go in first with `ON CONFLICT (sha256) DO NOTHING`: when another
    /// transaction (another host) is storing the same bytes, this waits for it and then
    /// finds its row, so the page is recorded as a duplicate of it — the unique index
    /// decides, there is no window between a check and an insert. Committed with
    /// `synchronous_commit = on` before this returns.
    ///
    /// A batch is a handful of statements whatever its size (the file rows, the rows that
    /// were there already, the articles, the duplicates): a round trip per page and per
    /// article was most of an ingest's time.
    public func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome] {
        for record in pages where record.page.sha256.isEmpty {
            throw .invalidInput(detail: "page \(record.fileName) has no SHA-256: the parser must identify pages by their bytes")
        }
        guard !pages.isEmpty else { return [] }
        let now = Date()
        // Tokens, vectors and JSON columns are computed before the transaction opens.
        let prepared = pages.map { record in record.page.articles.map(PreparedArticle.init) }
        return try transaction { db throws(StoreError) in try Self.write(pages, prepared, storedAt: now, db) }
    }

    /// A stored file row as a later page with the same bytes compares itself to.
    private struct FileIdentity {
        var id: Int64
        var name: String
        var source: String?
    }

    private static func write(_ pages: [PageRecord], _ prepared: [[PreparedArticle]], storedAt: Date, _ db: Transaction)
        throws(StoreError) -> [IngestOutcome]
    {
        // The first page of each SHA-256 in the batch tries to store it.
        var firstIndex: [String: Int] = [:]
        for (index, record) in pages.enumerated() where firstIndex[record.page.sha256] == nil {
            firstIndex[record.page.sha256] = index
        }
        let candidates = firstIndex.values.sorted()
        // Ids in the batch's order, as SQLite gives them (newest first is by id, for pages
        // and their articles alike), taken before the rows go in ...
        var allocate = SQL()
        allocate += """
            SELECT nextval(pg_get_serial_sequence('files', 'id')) AS id FROM generate_series(1, \(allocate.bind(candidates.count)))
            """
        let ids = try db.execute(allocate).map { row throws(StoreError) in try row.value("id", Int64.self) }.sorted()
        guard ids.count == candidates.count else {
            throw .unavailable(path: db.location, detail: "the files sequence gave \(ids.count) ids for \(candidates.count) pages; retry")
        }
        let idOf = Dictionary(uniqueKeysWithValues: zip(candidates, ids))
        // ... because the rows go in in SHA-256 order: every host takes the unique index's
        // locks in the same order, so two hosts' batches wait for each other but never deadlock.
        let inLockOrder = candidates.sorted { pages[$0].page.sha256 < pages[$1].page.sha256 }
        var stored: [String: Int64] = [:]
        for part in chunks(inLockOrder, columns: 14) {
            var sql = SQL()
            let tuples = part.map { index in
                let record = pages[index]
                let page = record.page
                return "(" + [
                    sql.bind(idOf[index]), sql.bind(page.sha256), sql.bind(record.fileName), sql.bind(record.size),
                    sql.bind(page.encoding.rawValue), sql.bind(page.replacedBytes), sql.bind(record.source),
                    sql.bind(record.receivedAt), sql.bind(storedAt), sql.bind(page.articles.count),
                    sql.bind(page.source.kind.rawValue), sql.bind(page.source.engine),
                    sql.bind(page.source.engineVersion), sql.bind(page.source.meanConfidence),
                ].joined(separator: ", ") + ")"
            }
            sql += """
                INSERT INTO files(id, sha256, name, size, encoding, replaced_bytes, source, received_at, stored_at, article_count,
                    source_kind, ocr_engine, ocr_engine_version, ocr_confidence)
                VALUES \(tuples.joined(separator: ", ")) ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256
                """
            for row in try db.execute(sql) { stored[try row.value("sha256", String.self)] = try row.value("id", Int64.self) }
        }

        // The rows that were there first (another host's, or an earlier batch's).
        var existing: [String: FileIdentity] = [:]
        let conflicted = firstIndex.keys.filter { stored[$0] == nil }
        if !conflicted.isEmpty {
            var find = SQL()
            find += "SELECT id, sha256, name, source FROM files WHERE sha256 = ANY(\(find.bind(conflicted.sorted())))"
            for row in try db.execute(find) {
                existing[try row.value("sha256", String.self)] = FileIdentity(
                    id: try row.value("id", Int64.self), name: try row.value("name", String.self),
                    source: try row.value("source", String?.self))
            }
        }

        // The articles of every page stored, in the batch's order, in one statement per thousand.
        var articles: [(fileID: Int64, row: ArticleRow)] = []
        for index in candidates {
            guard let fileID = stored[pages[index].page.sha256] else { continue }
            articles += prepared[index].map { (fileID, ArticleRow(prepared: $0, classifiedAt: storedAt)) }
        }
        var articleIDs = try insert(articles, db)

        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(pages.count)
        var arrivals: [(fileID: Int64, record: PageRecord)] = []
        for (index, record) in pages.enumerated() {
            let sha256 = record.page.sha256
            if firstIndex[sha256] == index, let fileID = stored[sha256] {
                let ids = record.page.articles.map { articleIDs.removeValue(forKey: ArticleKey(fileID: fileID, seq: $0.seq)) }
                guard !ids.contains(nil) else {
                    throw .unavailable(path: db.location, detail: "an article insert returned no id for a page of \(record.fileName)")
                }
                outcomes.append(.stored(fileID: fileID, articleIDs: ids.compactMap { $0 }))
                continue
            }
            // A page whose bytes are stored: by another transaction, or earlier in this batch.
            let first = stored[sha256].map { id in
                FileIdentity(id: id, name: pages[firstIndex[sha256]!].fileName, source: pages[firstIndex[sha256]!].source)
            } ?? existing[sha256]
            guard let first else {
                throw .unavailable(path: db.location, detail: "the file row of \(sha256) conflicted but cannot be read; retry")
            }
            // The same bytes under the same name and source: the stored file itself, seen
            // again (committed just before a crash, before it could leave the inbox).
            if first.name == record.fileName, first.source == record.source {
                outcomes.append(.alreadyStored(fileID: first.id))
            } else {
                arrivals.append((first.id, record))
                outcomes.append(.duplicate(ofFileID: first.id))
            }
        }
        try recordDuplicates(arrivals, db)
        return outcomes
    }

    /// Records the arrivals of stored bytes under other names: their rows in one statement,
    /// then each file's count, in id order (two hosts counting the same files lock them in
    /// the same order).
    private static func recordDuplicates(_ arrivals: [(fileID: Int64, record: PageRecord)], _ db: Transaction)
        throws(StoreError)
    {
        guard !arrivals.isEmpty else { return }
        for part in chunks(Array(arrivals.indices), columns: 5) {
            var sql = SQL()
            let tuples = part.map { index in
                let (fileID, record) = arrivals[index]
                return "(" + [
                    sql.bind(fileID), sql.bind(record.fileName), sql.bind(record.source), sql.bind(record.size),
                    sql.bind(record.receivedAt),
                ].joined(separator: ", ") + ")"
            }
            sql += "INSERT INTO duplicates(file_id, name, source, size, received_at) VALUES \(tuples.joined(separator: ", "))"
            try db.execute(sql)
        }
        var counts: [Int64: Int] = [:]
        for arrival in arrivals { counts[arrival.fileID, default: 0] += 1 }
        for (fileID, count) in counts.sorted(by: { $0.key < $1.key }) {
            var update = SQL()
            update += "UPDATE files SET duplicate_count = duplicate_count + \(update.bind(count)) WHERE id = \(update.bind(fileID))"
            try db.execute(update)
        }
    }

    /// The rows of a multi-row statement in parts that stay under PostgreSQL's 65,535
    /// parameters per statement.
    static func chunks(_ indices: [Int], columns: Int) -> [ArraySlice<Int>] {
        let size = max(1, min(1_000, 65_535 / columns))
        return stride(from: 0, to: indices.count, by: size).map { indices[$0..<min($0 + size, indices.count)] }
    }

    /// An article as it is written: its values, and for `gazette migrate` the id, content
    /// hash and classification time it had in the other store.
    struct ArticleRow {
        var prepared: PreparedArticle
        var classifiedAt: Date?
        var id: Int64? = nil
        var contentSHA256: String? = nil
    }

    /// An article's place: its page and its `seq` there (unique, as the schema says).
    struct ArticleKey: Hashable {
        var fileID: Int64
        var seq: Int
    }

    /// One page's articles (for `gazette migrate`); returns their ids in the order given.
    static func insert(_ articles: [ArticleRow], fileID: Int64, _ db: Transaction) throws(StoreError) -> [Int64] {
        var ids = try insert(articles.map { (fileID, $0) }, db)
        return try articles.map { row throws(StoreError) in
            guard let id = ids.removeValue(forKey: ArticleKey(fileID: fileID, seq: row.prepared.article.seq)) else {
                throw .unavailable(path: db.location, detail: "an article insert returned no id for seq \(row.prepared.article.seq)")
            }
            return id
        }
    }

    /// Articles of any pages with their search vectors, in one statement per thousand;
    /// their ids by page and `seq` (RETURNING promises no order).
    static func insert(_ articles: [(fileID: Int64, row: ArticleRow)], _ db: Transaction) throws(StoreError)
        -> [ArticleKey: Int64]
    {
        var ids: [ArticleKey: Int64] = [:]
        ids.reserveCapacity(articles.count)
        let withIDs = articles.contains { $0.row.id != nil }
        for part in chunks(Array(articles.indices), columns: 27) {
            var sql = SQL()
            var tuples: [String] = []
            tuples.reserveCapacity(part.count)
            for index in part {
                let (fileID, row) = articles[index]
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
                    sql.bind(row.contentSHA256 ?? row.prepared.contentSHA256), sql.bind(article.quality.ocrConfidence),
                    sql.bind(SearchVector.literal(row.prepared.tokens)) + "::tsvector",
                ]
                tuples.append("(" + values.joined(separator: ", ") + ")")
            }
            sql += """
                INSERT INTO articles(\(withIDs ? "id, " : "")file_id, seq, kind, kicker, headline, subtitle,
                    reporters, correspondents, photographers, source, dateline, continued_from,
                    subheads, paragraphs, category, confidence, scores, classified_at,
                    provinces, places, joined_breaks, dropped_duplicates, garbled_ratio, content_sha256, ocr_confidence,
                    search)
                VALUES \(tuples.joined(separator: ", ")) RETURNING id, file_id, seq
                """
            for row in try db.execute(sql) {
                let key = ArticleKey(fileID: try row.value("file_id", Int64.self), seq: try row.value("seq", Int.self))
                ids[key] = try row.value("id", Int64.self)
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
