import Foundation
import GazetteCore
import GazetteStore
import PostgresNIO

/// The read queries, as `GazetteStore` answers them on SQLite (Search.swift, Browse.swift,
/// StoreStats.swift, Export.swift): the same filters, the same rank window, the same order
/// of equal ranks (newest first).
extension PostgresStore: StoreReader {
    static let columns = """
        a.id, a.file_id, a.seq, a.kind, a.kicker, a.headline, a.subtitle, a.reporters, a.correspondents,
        a.photographers, a.source, a.dateline, a.continued_from, a.subheads, a.paragraphs, a.category,
        a.confidence, a.scores, a.classified_at, a.provinces, a.places, a.joined_breaks, a.dropped_duplicates,
        a.garbled_ratio, a.content_sha256, a.ocr_confidence, f.sha256 AS file_sha256, f.name AS file_name,
        f.source AS file_source, f.received_at AS file_received_at, f.stored_at AS file_stored_at,
        f.source_kind AS file_source_kind, f.ocr_engine AS file_ocr_engine,
        f.ocr_engine_version AS file_ocr_engine_version, f.ocr_confidence AS file_ocr_confidence,
        (SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1) AS label
        """
    static let from = "articles a JOIN files f ON f.id = a.file_id"
    static let select = "SELECT \(columns) FROM \(from)"

    static func article(_ row: PostgresRandomAccessRow) throws(StoreError) -> StoredArticle {
        var classification: Classification?
        if let category = try row.value("category", String?.self) {
            classification = Classification(
                category: category, confidence: try row.value("confidence", Double?.self) ?? 0,
                scores: JSONColumn.scores(try row.value("scores", String?.self)))
        }
        func strings(_ column: String) throws(StoreError) -> [String] { JSONColumn.strings(try row.value(column, String?.self)) }
        let article = Article(
            seq: try row.value("seq", Int.self),
            kind: ArticleKind(rawValue: try row.value("kind", String.self)) ?? .news,
            kicker: try row.value("kicker"), headline: try row.value("headline"), subtitle: try row.value("subtitle"),
            reporters: try strings("reporters"), correspondents: try strings("correspondents"),
            photographers: try strings("photographers"),
            source: try row.value("source"), dateline: try row.value("dateline"),
            continuedFrom: try row.value("continued_from"),
            subheads: try strings("subheads"), paragraphs: try strings("paragraphs"),
            classification: classification,
            provinces: try strings("provinces"), places: try strings("places"),
            quality: Quality(
                joinedBreaks: try row.value("joined_breaks", Int.self),
                droppedDuplicates: try row.value("dropped_duplicates", Int.self),
                garbledRatio: try row.value("garbled_ratio", Double.self),
                ocrConfidence: try row.value("ocr_confidence", Double?.self)))
        return StoreBackend.storedArticle(
            id: try row.value("id"), fileID: try row.value("file_id"), fileSHA256: try row.value("file_sha256"),
            fileName: try row.value("file_name"), fileSource: try row.value("file_source"),
            receivedAt: try row.value("file_received_at"), storedAt: try row.value("file_stored_at"),
            article: article, classifiedAt: try row.value("classified_at"),
            contentSHA256: try row.value("content_sha256"), label: try row.value("label"),
            pageSource: PageSource(
                kind: PageSource.Kind(rawValue: try row.value("file_source_kind", String.self)) ?? .text,
                engine: try row.value("file_ocr_engine"), engineVersion: try row.value("file_ocr_engine_version"),
                meanConfidence: try row.value("file_ocr_confidence")))
    }

    /// The filters shared by search, browse, export and reclassify, as a condition over
    /// `articles a JOIN files f` (ArticleFilter's, in PostgreSQL's dialect).
    static func filter(
        topic: String? = nil, province: String? = nil, source: String? = nil, since: Date? = nil, until: Date? = nil,
        _ sql: inout SQL
    ) -> String {
        var clauses = ["TRUE"]
        if let topic {
            clauses.append(
                "coalesce((SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1), a.category) = \(sql.bind(topic))")
        }
        if let province {
            let value = sql.bind(province)
            clauses.append(
                "EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.provinces::jsonb) p(v) WHERE p.v = \(value) OR p.v LIKE \(value) || '%')")
        }
        if let source {
            let value = sql.bind(source)
            clauses.append("(f.source = \(value) OR a.source = \(value))")
        }
        if let since { clauses.append("f.received_at >= \(sql.bind(since))") }
        if let until { clauses.append("f.received_at < \(sql.bind(until))") }
        return clauses.joined(separator: " AND ")
    }

    static func filter(_ query: SearchQuery, _ sql: inout SQL) -> String {
        filter(
            topic: query.topic, province: query.province, source: query.source, since: query.since, until: query.until,
            &sql)
    }

    public func search(_ query: SearchQuery, marks: (open: String, close: String) = ("【", "】")) throws(StoreError)
        -> [SearchHit]
    {
        let phrases = try StoreBackend.phrases(of: query)
        guard query.limit > 0 else { return [] }
        var sql = SQL()
        let tsquery = sql.bind(SearchVector.query(phrases)) + "::tsquery"
        let condition = query.hasFilters ? " AND " + Self.filter(query, &sql) : ""
        let window = query.rankWindow.map { " ORDER BY a.id DESC LIMIT \(sql.bind(max(1, $0, query.limit)))" } ?? ""
        let limit = sql.bind(query.limit)
        // Matches (the newest `window` of them), ranked, cut to `limit`; then their rows.
        // The rank is negated so that lower is better, as SQLite's bm25 reports it.
        sql += """
            WITH matches AS MATERIALIZED (
                SELECT a.id, a.search FROM \(Self.from) WHERE a.search @@ \(tsquery)\(condition)\(window)),
            hits AS MATERIALIZED (
                SELECT id, -ts_rank(\(SearchVector.rankWeights), search, \(tsquery), 1)::float8 AS rank
                FROM matches ORDER BY rank, id DESC LIMIT \(limit))
            SELECT \(Self.columns), hits.rank AS rank FROM hits JOIN \(Self.from) ON a.id = hits.id
            ORDER BY hits.rank, a.id DESC
            """
        let terms = query.terms
        return try self.query(sql).map { row throws(StoreError) in
            StoreBackend.hit(try Self.article(row), terms: terms, marks: marks, rank: try row.value("rank", Double.self))
        }
    }

    public func countMatches(_ query: SearchQuery, cap: Int? = nil) throws(StoreError) -> Int {
        let phrases = try StoreBackend.phrases(of: query)
        var sql = SQL()
        let tsquery = sql.bind(SearchVector.query(phrases)) + "::tsquery"
        let condition = query.hasFilters ? " AND " + Self.filter(query, &sql) : ""
        let select = "SELECT 1 FROM \(Self.from) WHERE a.search @@ \(tsquery)\(condition)"
        sql += Self.capped(select, cap, &sql)
        return try self.query(sql).first?.value("n", Int.self) ?? 0
    }

    static func capped(_ select: String, _ cap: Int?, _ sql: inout SQL) -> String {
        cap == nil
            ? "SELECT count(*) AS n FROM (\(select)) counted"
            : "SELECT count(*) AS n FROM (\(select) LIMIT \(sql.bind(cap))) counted"
    }

    public func newestArticles(filteredBy query: SearchQuery, limit: Int, offset: Int = 0) throws(StoreError)
        -> [StoredArticle]
    {
        guard limit > 0 else { return [] }
        var sql = SQL()
        let condition = Self.filter(query, &sql)
        sql += "\(Self.select) WHERE \(condition) ORDER BY a.id DESC LIMIT \(sql.bind(limit)) OFFSET \(sql.bind(max(0, offset)))"
        return try self.query(sql).map { row throws(StoreError) in try Self.article(row) }
    }

    public func countArticles(filteredBy query: SearchQuery, cap: Int? = nil) throws(StoreError) -> Int {
        var sql = SQL()
        let condition = Self.filter(query, &sql)
        sql += Self.capped("SELECT 1 FROM \(Self.from) WHERE \(condition)", cap, &sql)
        return try self.query(sql).first?.value("n", Int.self) ?? 0
    }

    public func article(id: Int64) throws(StoreError) -> StoredArticle? {
        var sql = SQL()
        sql += "\(Self.select) WHERE a.id = \(sql.bind(id))"
        return try query(sql).first.map { row throws(StoreError) in try Self.article(row) }
    }

    public func articles(fileID: Int64) throws(StoreError) -> [StoredArticle] {
        var sql = SQL()
        sql += "\(Self.select) WHERE a.file_id = \(sql.bind(fileID)) ORDER BY a.seq"
        return try query(sql).map { row throws(StoreError) in try Self.article(row) }
    }

    static func count(_ db: Transaction, _ text: String) throws(StoreError) -> Int {
        try db.execute(SQL(text)).first?.value("n", Int.self) ?? 0
    }

    static func tally(_ db: Transaction, _ sql: SQL) throws(StoreError) -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try db.execute(sql) { out[try row.value("k", String?.self) ?? "(none)"] = try row.value("n", Int.self) }
        return out
    }

    static func failures(_ db: Transaction, limit: Int) throws(StoreError) -> [StoreStats.Failure] {
        var sql = SQL()
        sql += "SELECT name, code, message, at FROM failures ORDER BY id DESC LIMIT \(sql.bind(max(0, limit)))"
        return try db.execute(sql).map { row throws(StoreError) in
            StoreBackend.failure(
                name: try row.value("name"), code: try row.value("code"), message: try row.value("message"),
                at: try row.value("at"))
        }
    }

    static let topicSQL = """
        coalesce((SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1), a.category, 'unclassified')
        """
    static let daySQL = "to_char(f.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    public func stats(recentFailures: Int = 20) throws(StoreError) -> StoreStats {
        try snapshot { db throws(StoreError) in
            var byDay: [String: StoreStats.Day] = [:]
            for row in try db.execute(SQL("""
                SELECT \(Self.daySQL) AS day, count(*) AS n, sum(f.article_count)::bigint AS articles FROM files f GROUP BY day
                """))
            {
                byDay[try row.value("day")] = StoreBackend.day(
                    pages: try row.value("n"), articles: try row.value("articles", Int?.self) ?? 0)
            }
            return StoreBackend.stats(
                pages: try Self.count(db, "SELECT count(*) AS n FROM files"),
                articles: try Self.count(db, "SELECT count(*) AS n FROM articles"),
                duplicates: try Self.count(db, "SELECT count(*) AS n FROM duplicates"),
                failed: try Self.count(db, "SELECT count(*) AS n FROM failures"),
                labelled: try Self.count(db, "SELECT count(DISTINCT article_id) AS n FROM labels"),
                byTopic: try Self.tally(db, SQL("SELECT \(Self.topicSQL) AS k, count(*) AS n FROM articles a GROUP BY k")),
                byProvince: try Self.tally(db, SQL("""
                    SELECT coalesce(p.v, '(none)') AS k, count(*) AS n FROM articles a
                    LEFT JOIN LATERAL jsonb_array_elements_text(a.provinces::jsonb) p(v) ON TRUE GROUP BY k
                    """)),
                bySource: try Self.tally(db, SQL("""
                    SELECT coalesce(f.source, a.source, '(unknown)') AS k, count(*) AS n FROM \(Self.from) GROUP BY k
                    """)),
                byKind: try Self.tally(db, SQL("SELECT kind AS k, count(*) AS n FROM articles GROUP BY kind")),
                byDay: byDay,
                recentFailures: try Self.failures(db, limit: recentFailures))
        }
    }

    public func totals(recentFailures: Int) throws(StoreError) -> StoreTotals {
        try snapshot { db throws(StoreError) in
            StoreBackend.totals(
                pages: try Self.count(db, "SELECT count(*) AS n FROM files"),
                articles: try Self.count(db, "SELECT count(*) AS n FROM articles"),
                duplicates: try Self.count(db, "SELECT count(*) AS n FROM duplicates"),
                failed: try Self.count(db, "SELECT count(*) AS n FROM failures"),
                recentFailures: try Self.failures(db, limit: recentFailures))
        }
    }

    public func overview(since: Date) throws(StoreError) -> StoreOverview {
        try snapshot { db throws(StoreError) in
            var byDay: [String: [String: Int]] = [:]
            var days = SQL()
            days += """
                SELECT \(Self.daySQL) AS day, \(Self.topicSQL) AS k, count(*) AS n
                FROM \(Self.from) WHERE f.received_at >= \(days.bind(since)) GROUP BY day, k
                """
            for row in try db.execute(days) {
                byDay[try row.value("day"), default: [:]][try row.value("k")] = try row.value("n", Int.self)
            }
            var provinces = SQL()
            provinces += """
                SELECT coalesce(p.v, '(none)') AS k, count(*) AS n FROM \(Self.from)
                LEFT JOIN LATERAL jsonb_array_elements_text(a.provinces::jsonb) p(v) ON TRUE
                WHERE f.received_at >= \(provinces.bind(since)) GROUP BY k
                """
            var sources = SQL()
            sources += """
                SELECT coalesce(f.source, a.source, '(unknown)') AS k, count(*) AS n FROM \(Self.from)
                WHERE f.received_at >= \(sources.bind(since)) GROUP BY k
                """
            return StoreBackend.overview(
                byDayAndTopic: byDay, byProvince: try Self.tally(db, provinces), bySource: try Self.tally(db, sources))
        }
    }

    public func newestPages(limit: Int) throws(StoreError) -> [StoredPage] {
        var sql = SQL()
        sql += """
            SELECT id, name, source, received_at, article_count, duplicate_count,
                (SELECT a.id FROM articles a WHERE a.file_id = files.id ORDER BY a.seq LIMIT 1) AS first_article
            FROM files ORDER BY received_at DESC, id DESC LIMIT \(sql.bind(max(0, limit)))
            """
        return try query(sql).map { row throws(StoreError) in
            StoreBackend.page(
                id: try row.value("id"), name: try row.value("name"), source: try row.value("source"),
                receivedAt: try row.value("received_at"), articleCount: try row.value("article_count"),
                duplicateCount: try row.value("duplicate_count"), firstArticleID: try row.value("first_article"))
        }
    }

    /// Streams articles in id order from one snapshot, a thousand rows at a time (keyset
    /// pages of one REPEATABLE READ transaction): memory stays constant however big the store is.
    @discardableResult
    public func exportArticles(since: Date? = nil, until: Date? = nil, _ body: (StoredArticle) throws -> Void)
        throws(StoreError) -> Int
    {
        try snapshot { db throws(StoreError) in
            var count = 0
            var lastID: Int64 = 0
            while true {
                var sql = SQL()
                let condition = Self.filter(since: since, until: until, &sql)
                sql += "\(Self.select) WHERE \(condition) AND a.id > \(sql.bind(lastID)) ORDER BY a.id LIMIT 1000"
                let rows = try db.execute(sql)
                guard !rows.isEmpty else { return count }
                for row in rows {
                    let stored = try Self.article(row)
                    do {
                        try body(stored)
                    } catch {
                        throw PostgresErrors.map(error, location: location)
                    }
                    lastID = stored.id
                    count += 1
                }
            }
        }
    }

    public func labelledArticles() throws(StoreError) -> [(article: StoredArticle, label: String)] {
        try query(SQL("\(Self.select) WHERE EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id) ORDER BY a.id"))
            .map { row throws(StoreError) in try Self.article(row) }
            .compactMap { stored in stored.label.map { (stored, $0) } }
    }

    /// The database's size (for /metrics): what this store takes on the server.
    public func sizeInBytes() -> Int {
        (try? query(SQL("SELECT pg_database_size(current_database()) AS n")).first?.value("n", Int.self)) ?? 0
    }
}
