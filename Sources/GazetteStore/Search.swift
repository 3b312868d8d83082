import Foundation
import GazetteCore
import GRDB

/// A full-text query with its filters.
///
/// The text is split on whitespace into terms that must all match. Each term is a phrase
/// over the one index `search_text` (CJK bigrams, see `SearchTokens`), so 医, 医保, 赵蝶 and
/// 医保基金监管 are all found; Latin words and numbers match whole words.
public struct SearchQuery: Sendable {
    public var text: String
    /// A taxonomy id; matches the analyst label, else the classifier's category.
    public var topic: String?
    /// `四川省` or just `四川`: matches the article's provinces by prefix.
    public var province: String?
    /// The paper: the inbox subfolder or the paper named in the byline.
    public var source: String?
    /// Pages received at or after this instant.
    public var since: Date?
    /// Pages received before this instant (exclusive).
    public var until: Date?
    public var limit: Int
    /// How many matches are ranked: the newest `rankWindow` (by article id, i.e. by when
    /// they were stored; never fewer than `limit`), or all of them when nil.
    ///
    /// Ranking costs about a microsecond per match (it reads each match's column sizes), so
    /// ranking every match of a common word (医保 is in half the articles) grows with the
    /// store: ~400 ms at 600,000 articles. A window keeps a query's cost bounded whatever
    /// the store's size, and an analyst's best hits are usually recent ones; a query with
    /// fewer matches than the window is ranked exactly.
    public var rankWindow: Int?
    public static let defaultRankWindow = 2_000

    public init(
        text: String, topic: String? = nil, province: String? = nil, source: String? = nil,
        since: Date? = nil, until: Date? = nil, limit: Int = 20, rankWindow: Int? = SearchQuery.defaultRankWindow
    ) {
        self.text = text
        self.topic = topic
        self.province = province
        self.source = source
        self.since = since
        self.until = until
        self.limit = limit
        self.rankWindow = rankWindow
    }

    /// The query's terms: whitespace-separated, empty ones dropped.
    public var terms: [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// At most this many terms. A query's cost grew with the square of its terms (1,600
    /// terms 1.3 s, 3,200 terms 4.6 s on a 20-article store; 5,000 ran for 10 minutes at
    /// 700 MB on a large one), so the limits are what bound it. Every term must match, so an
    /// analyst's query needs a handful of them.
    public static let maxTerms = 64
    /// At most this many characters in the whole query (a pasted paragraph fits: it is one
    /// term, one phrase of its bigrams).
    public static let maxCharacters = 1_000

    package var hasFilters: Bool {
        topic != nil || province != nil || source != nil || since != nil || until != nil
    }
}

/// One ranked search result.
public struct SearchHit: Sendable {
    public var article: StoredArticle
    /// A short passage around the first match, each match wrapped in the given marks.
    public var snippet: String
    /// bm25 rank without IDF (see `SearchRank`), lower is better (SQLite's convention).
    public var rank: Double
}

extension GazetteStore {
    /// Ranked articles matching every term of `query` and its filters, best first (among
    /// the newest `rankWindow` matches).
    ///
    /// Ranked and cut to `limit` on ids alone; only the rows returned are joined with their
    /// page, decoded and given a snippet.
    ///
    /// - Parameter marks: what wraps each match in the snippet (`【`/`】`, or ANSI bold).
    public func search(_ query: SearchQuery, marks: (open: String, close: String) = ("【", "】")) throws(StoreError)
        -> [SearchHit]
    {
        try search(query, marks: marks, counting: false).hits
    }

    /// `search` and `countMatches(cap:)` in one statement when the count can be read from
    /// the ranked window (a window at least `cap` wide: then the capped count is the
    /// window's size, capped): the window is materialized once and counted, instead of
    /// walking the index a second time (for a 4-character phrase the count's walk checks
    /// every match's positions again: 0.5 ms of 1.4 at 100,000 pages, in `sqlite3`).
    public func searchCounting(_ query: SearchQuery, marks: (open: String, close: String), cap: Int) throws(StoreError)
        -> (hits: [SearchHit], total: Int)
    {
        guard let window = query.rankWindow, max(1, window, query.limit) >= cap, query.limit > 0 else {
            let hits = try search(query, marks: marks)
            return (hits, hits.count < query.limit ? hits.count : try countMatches(query, cap: cap))
        }
        let (hits, matched) = try search(query, marks: marks, counting: true)
        return (hits, min(matched, cap))
    }

    private func search(_ query: SearchQuery, marks: (open: String, close: String), counting: Bool) throws(StoreError)
        -> (hits: [SearchHit], total: Int)
    {
        // The checks every store makes, in the same order, with the same errors.
        let phrases = try StoreBackend.phrases(of: query).map(SearchTokens.fts5)
        guard query.limit > 0 else { return ([], 0) }
        let terms = query.terms
        var sql = Self.searchSQL(filtered: query.hasFilters, windowed: query.rankWindow != nil, counting: counting)
        // Rows that cannot be among the best `limit` need no rank (see `SearchRank`), when
        // every row ranked is a candidate: not with filters and a window, where the plan may
        // rank rows outside the window before sorting by id (with a filter's index).
        let best: Int? = query.hasFilters && query.rankWindow != nil ? nil : query.limit
        var arguments: StatementArguments = [best, phrases.joined(separator: " AND ")]
        if query.hasFilters {
            let filter = ArticleFilter(
                topic: query.topic, province: query.province, source: query.source, since: query.since,
                until: query.until)
            let (whereSQL, filterArguments) = filter.sql()
            sql = sql.replacingOccurrences(of: "$FILTER", with: whereSQL)
            arguments += filterArguments
        }
        if let window = query.rankWindow { arguments += [max(1, window, query.limit)] }
        arguments += [query.limit]
        return try run(sql, arguments, terms, marks)
    }

    /// The hits, and the window's size when the statement counts it (else 0).
    private func run(
        _ sql: String, _ arguments: StatementArguments, _ terms: [String], _ marks: (open: String, close: String)
    ) throws(StoreError) -> (hits: [SearchHit], total: Int) {
        try read { db in
            // A cached statement: preparing the query cost ~1.5 million instructions, a
            // twentieth of a whole search at 100,000 pages (it varies only with the filters
            // given, so each connection keeps a handful).
            var matched = 0
            let hits = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let article = StoredArticle(row: row)
                matched = row["matched"] ?? 0
                return SearchHit(
                    article: article, snippet: Snippet.make(for: article.article, terms: terms, marks: marks),
                    rank: row["rank"])
            }
            return (hits, matched)
        }
    }

    /// Column weights of the rank (bm25's, see `SearchRank`): headline, subtitle, kicker, body, names.
    static let weights = "10.0, 5.0, 3.0, 1.0, 5.0"

    /// The query: the matching ids with their rank — the newest `window` of them when
    /// windowed (FTS5 walks its doclists backwards and stops), with the filters joined in
    /// when there are any — cut to the best `limit`, then their articles. `$FILTER` stands
    /// for the filters' condition; the arguments are how many best rows are kept (the rank's
    /// `best`, or NULL), the MATCH string, the filters', the window if any, and the limit.
    ///
    /// `counting` (windowed only): the window is materialized and its size returned as
    /// `matched` on every row.
    static func searchSQL(filtered: Bool, windowed: Bool, counting: Bool = false) -> String {
        let from = filtered
            ? """
                search_text JOIN articles a ON a.id = search_text.rowid JOIN files f ON f.id = a.file_id
                WHERE search_text MATCH ? AND $FILTER
                """
            : "search_text WHERE search_text MATCH ?"
        let matches = "SELECT search_text.rowid AS id, \(SearchRank.name)(search_text, \(weights), ?) AS rank FROM " + from
        let rows = " FROM hits JOIN articles a ON a.id = hits.id JOIN files f ON f.id = a.file_id ORDER BY hits.rank, a.id DESC"
        if windowed, counting {
            return "WITH newest AS MATERIALIZED (\(matches) ORDER BY search_text.rowid DESC LIMIT ?),"
                + " hits AS MATERIALIZED (SELECT id, rank FROM newest ORDER BY rank, id DESC LIMIT ?)"
                + " SELECT \(StoredArticle.columnsSQL), hits.rank AS rank, (SELECT count(*) FROM newest) AS matched" + rows
        }
        let ranked = windowed
            ? "SELECT id, rank FROM (\(matches) ORDER BY search_text.rowid DESC LIMIT ?) ORDER BY rank, id DESC LIMIT ?"
            : matches + " ORDER BY rank, search_text.rowid DESC LIMIT ?"
        return "WITH hits AS MATERIALIZED (\(ranked)) SELECT \(StoredArticle.columnsSQL), hits.rank AS rank" + rows
    }
}
