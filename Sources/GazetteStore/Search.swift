import Foundation
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

    public init(
        text: String, topic: String? = nil, province: String? = nil, source: String? = nil,
        since: Date? = nil, until: Date? = nil, limit: Int = 20
    ) {
        self.text = text
        self.topic = topic
        self.province = province
        self.source = source
        self.since = since
        self.until = until
        self.limit = limit
    }

    /// The query's terms: whitespace-separated, empty ones dropped.
    public var terms: [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    var hasFilters: Bool {
        topic != nil || province != nil || source != nil || since != nil || until != nil
    }
}

/// One ranked search result.
public struct SearchHit: Sendable {
    public var article: StoredArticle
    /// A short passage around the first match, each match wrapped in the given marks.
    public var snippet: String
    /// bm25 rank, lower is better (SQLite's convention).
    public var rank: Double
}

extension GazetteStore {
    /// Ranked articles matching every term of `query` and its filters, best first.
    ///
    /// Ranked and cut to `limit` on ids alone; only the rows returned are joined with their
    /// page, decoded and given a snippet, so the cost of a frequent word is the index scan.
    ///
    /// - Parameter marks: what wraps each match in the snippet (`【`/`】`, or ANSI bold).
    public func search(_ query: SearchQuery, marks: (open: String, close: String) = ("【", "】")) throws(StoreError)
        -> [SearchHit]
    {
        let terms = query.terms
        guard !terms.isEmpty else { throw .invalidInput(detail: "empty query: give one or more words to search for") }
        var phrases: [String] = []
        for term in terms {
            guard let phrase = SearchTokens.phrase(term) else {
                throw .invalidInput(detail: "the query term \"\(term)\" has no letters or digits to search for")
            }
            phrases.append(phrase)
        }
        let sql = Self.searchSQL(filtered: query.hasFilters)
        var arguments: StatementArguments = [phrases.joined(separator: " AND ")]
        if query.hasFilters {
            let filter = ArticleFilter(
                topic: query.topic, province: query.province, source: query.source, since: query.since,
                until: query.until)
            let (whereSQL, filterArguments) = filter.sql()
            arguments += filterArguments
            arguments += [max(1, query.limit)]
            return try run(sql.replacingOccurrences(of: "$FILTER", with: whereSQL), arguments, terms, marks)
        }
        arguments += [max(1, query.limit)]
        return try run(sql, arguments, terms, marks)
    }

    private func run(
        _ sql: String, _ arguments: StatementArguments, _ terms: [String], _ marks: (open: String, close: String)
    ) throws(StoreError) -> [SearchHit] {
        try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let article = StoredArticle(row: row)
                return SearchHit(
                    article: article, snippet: Snippet.make(for: article.article, terms: terms, marks: marks),
                    rank: row["rank"])
            }
        }
    }

    /// Column weights of bm25: headline, subtitle, kicker, body, names.
    static let weights = "10.0, 5.0, 3.0, 1.0, 5.0"

    /// The query: the best `limit` ids by bm25 first (with the filters joined in when there
    /// are any), then their articles. `$FILTER` stands for the filter's condition.
    static func searchSQL(filtered: Bool) -> String {
        let ranked = filtered
            ? """
                SELECT search_text.rowid AS id, bm25(search_text, \(weights)) AS rank
                FROM search_text JOIN articles a ON a.id = search_text.rowid JOIN files f ON f.id = a.file_id
                WHERE search_text MATCH ? AND $FILTER ORDER BY rank, search_text.rowid DESC LIMIT ?
                """
            : """
                SELECT rowid AS id, bm25(search_text, \(weights)) AS rank
                FROM search_text WHERE search_text MATCH ? ORDER BY rank, rowid DESC LIMIT ?
                """
        return "WITH hits AS MATERIALIZED (\(ranked)) SELECT \(StoredArticle.columnsSQL), hits.rank AS rank"
            + " FROM hits JOIN articles a ON a.id = hits.id JOIN files f ON f.id = a.file_id ORDER BY hits.rank, a.id DESC"
    }
}
