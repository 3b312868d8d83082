import Foundation
import GRDB

/// Read queries for browsing the store rather than searching it: the newest articles under
/// the search filters, counts for paging, and the overview's tallies over a period
/// (`gazette web`). All of them read one snapshot and write nothing, so they work on a
/// store opened read-only while the daemon writes.
extension GazetteStore {
    /// The newest articles (by id, i.e. by when they were stored, as search's rank window
    /// counts them) that pass the query's filters; its text is ignored. `offset` skips that
    /// many first.
    ///
    /// By id rather than by the page's arrival time: the rowid order needs no sort, so the
    /// first page costs the same at any store size (ordering by `received_at` sorted every
    /// article on each request); pages are stored as they arrive, so the orders agree but for
    /// pages received in the same moments.
    public func newestArticles(filteredBy query: SearchQuery, limit: Int, offset: Int = 0) throws(StoreError)
        -> [StoredArticle]
    {
        guard limit > 0 else { return [] }
        let (condition, arguments) = Self.filter(query).sql()
        return try read { db in
            try Row.fetchAll(
                db,
                sql: StoredArticle.selectSQL + " WHERE \(condition) ORDER BY a.id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [limit, max(0, offset)]
            ).map(StoredArticle.init(row:))
        }
    }

    /// How many articles pass the query's filters (its text is ignored), counting no
    /// further than `cap` when given: a count reads every row it counts, so an uncapped one
    /// grows with the store.
    public func countArticles(filteredBy query: SearchQuery, cap: Int? = nil) throws(StoreError) -> Int {
        let (condition, arguments) = Self.filter(query).sql()
        return try read { db in
            try Int.fetchOne(
                db, sql: Self.capped("SELECT 1 FROM \(StoredArticle.fromSQL) WHERE \(condition)", cap),
                arguments: arguments + (cap.map { [$0] } ?? [])) ?? 0
        }
    }

    /// `SELECT count(*)` over the rows `select` returns, at most `cap` of them.
    private static func capped(_ select: String, _ cap: Int?) -> String {
        cap == nil ? "SELECT count(*) FROM (\(select))" : "SELECT count(*) FROM (\(select) LIMIT ?)"
    }

    /// How many articles match every term of the query and its filters: all matches, not
    /// only the ranked window `search` orders, but no more than `cap` when given (FTS5 then
    /// stops reading the doclists there). Refuses what `search` refuses, with the same errors.
    public func countMatches(_ query: SearchQuery, cap: Int? = nil) throws(StoreError) -> Int {
        let characters = query.text.unicodeScalars.count
        let terms = query.terms
        guard terms.count <= SearchQuery.maxTerms, characters <= SearchQuery.maxCharacters else {
            throw .queryTooLarge(terms: terms.count, characters: characters)
        }
        guard !terms.isEmpty else { throw .invalidInput(detail: "empty query: give one or more words to search for") }
        var phrases: [String] = []
        for term in terms {
            guard let phrase = SearchTokens.phrase(term) else {
                throw .invalidInput(detail: "the query term \"\(term)\" has no letters or digits to search for")
            }
            if !phrases.contains(phrase) { phrases.append(phrase) }
        }
        var arguments: StatementArguments = [phrases.joined(separator: " AND ")]
        var select = "SELECT 1 FROM search_text WHERE search_text MATCH ?"
        if query.hasFilters {
            let (condition, filterArguments) = Self.filter(query).sql()
            select = """
                SELECT 1 FROM search_text JOIN articles a ON a.id = search_text.rowid
                JOIN files f ON f.id = a.file_id WHERE search_text MATCH ? AND \(condition)
                """
            arguments += filterArguments
        }
        if let cap { arguments += [cap] }
        let sql = Self.capped(select, cap)
        return try read { db in try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0 }
    }

    private static func filter(_ query: SearchQuery) -> ArticleFilter {
        ArticleFilter(
            topic: query.topic, province: query.province, source: query.source, since: query.since, until: query.until)
    }
}

/// The store's totals, without the breakdowns of `StoreStats` (which read every article).
public struct StoreTotals: Sendable, Equatable {
    public var pages: Int
    public var articles: Int
    public var duplicates: Int
    public var failed: Int
    /// The newest failure records, newest first.
    public var recentFailures: [StoreStats.Failure]
}

extension GazetteStore {
    /// Counts over one snapshot, and the newest `recentFailures` failure records.
    public func totals(recentFailures: Int) throws(StoreError) -> StoreTotals {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return StoreTotals(
                pages: try count("SELECT count(*) FROM files"),
                articles: try count("SELECT count(*) FROM articles"),
                duplicates: try count("SELECT count(*) FROM duplicates"),
                failed: try count("SELECT count(*) FROM failures"),
                recentFailures: try Row.fetchAll(
                    db, sql: "SELECT name, code, message, at FROM failures ORDER BY id DESC LIMIT ?",
                    arguments: [max(0, recentFailures)]
                ).map { StoreStats.Failure(name: $0["name"], code: $0["code"], message: $0["message"], at: $0["at"]) })
        }
    }
}

/// What happened in the store over a period, for the reading room's overview.
public struct StoreOverview: Sendable, Equatable {
    /// Articles per UTC day received (`2026-12-06`) and topic id (the analyst label, else
    /// the classifier's category, else `unclassified`).
    public var articlesByDayAndTopic: [String: [String: Int]]
    /// Articles per province (an article counts once for each province it names; `(none)`).
    public var articlesByProvince: [String: Int]
    /// Articles per paper (the inbox subfolder, else the byline's paper, else `(unknown)`).
    public var articlesBySource: [String: Int]
}

/// One stored page, as a list of pages shows it.
public struct StoredPage: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var source: String?
    public var receivedAt: Date
    public var articleCount: Int
    public var duplicateCount: Int
    /// Its first article (lowest seq), nil for a page with none: where a link to the page goes.
    public var firstArticleID: Int64?
}

extension GazetteStore {
    /// Tallies of the articles whose pages were received at or after `since`.
    public func overview(since: Date) throws(StoreError) -> StoreOverview {
        try read { db in
            var byDay: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT substr(f.received_at, 1, 10) AS day,
                    coalesce((SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1),
                        a.category, 'unclassified') AS t, count(*)
                FROM articles a JOIN files f ON f.id = a.file_id WHERE f.received_at >= ? GROUP BY day, t
                """, arguments: [since])
            {
                byDay[row[0], default: [:]][row[1]] = row[2]
            }
            func tally(_ sql: String) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql, arguments: [since]) { out[row[0] ?? "(none)"] = row[1] }
                return out
            }
            return StoreOverview(
                articlesByDayAndTopic: byDay,
                articlesByProvince: try tally("""
                    SELECT coalesce(p.value, '(none)') AS v, count(*) FROM articles a JOIN files f ON f.id = a.file_id
                    LEFT JOIN json_each(a.provinces) p WHERE f.received_at >= ? GROUP BY v
                    """),
                articlesBySource: try tally("""
                    SELECT coalesce(f.source, a.source, '(unknown)') AS s, count(*)
                    FROM articles a JOIN files f ON f.id = a.file_id WHERE f.received_at >= ? GROUP BY s
                    """))
        }
    }

    /// The most recently received pages, newest first.
    public func newestPages(limit: Int) throws(StoreError) -> [StoredPage] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, name, source, received_at, article_count, duplicate_count,
                    (SELECT a.id FROM articles a WHERE a.file_id = files.id ORDER BY a.seq LIMIT 1) AS first_article
                FROM files
                ORDER BY received_at DESC, id DESC LIMIT ?
                """, arguments: [max(0, limit)]
            ).map {
                StoredPage(
                    id: $0["id"], name: $0["name"], source: $0["source"], receivedAt: $0["received_at"],
                    articleCount: $0["article_count"], duplicateCount: $0["duplicate_count"],
                    firstArticleID: $0["first_article"])
            }
        }
    }
}
