import Foundation
import GRDB

/// A full-text query with its filters.
///
/// The text is split on whitespace into terms that must all match. A term of 3+ characters
/// goes to the trigram index (substring match), a term of 1-2 characters to the grams index
/// (unigrams and bigrams), so 医保, 审计 and 赵蝶 are found as reliably as 医保基金监管.
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
    /// - Parameter marks: what wraps each match in the snippet (`【`/`】`, or ANSI bold).
    public func search(_ query: SearchQuery, marks: (open: String, close: String) = ("【", "】")) throws(StoreError)
        -> [SearchHit]
    {
        let terms = query.terms
        guard !terms.isEmpty else { throw .invalidInput(detail: "empty query: give one or more words to search for") }
        var long: [String] = []
        var short: [String] = []
        for term in terms {
            if term.count >= 3 {
                long.append(FTSQuery.phrase(term))
            } else if let phrase = FTSQuery.gramPhrase(term) {
                short.append(phrase)
            } else {
                throw .invalidInput(detail: "the query term \"\(term)\" has no letters or digits to search for")
            }
        }
        // Column weights: headline, subtitle, kicker, body, names.
        let weights = "10.0, 5.0, 3.0, 1.0, 5.0"
        var ctes: [String] = []
        var joins: [String] = []
        var ranks: [String] = []
        var arguments: StatementArguments = []
        if !long.isEmpty {
            ctes.append("tri AS (SELECT rowid AS id, bm25(search_trigram, \(weights)) AS rank FROM search_trigram WHERE search_trigram MATCH ?)")
            joins.append("JOIN tri ON tri.id = a.id")
            ranks.append("tri.rank")
            arguments += [long.joined(separator: " AND ")]
        }
        if !short.isEmpty {
            ctes.append("gr AS (SELECT rowid AS id, bm25(search_grams, \(weights)) AS rank FROM search_grams WHERE search_grams MATCH ?)")
            joins.append("JOIN gr ON gr.id = a.id")
            ranks.append("gr.rank")
            arguments += [short.joined(separator: " AND ")]
        }
        let filter = ArticleFilter(
            topic: query.topic, province: query.province, source: query.source, since: query.since, until: query.until)
        let (whereSQL, filterArguments) = filter.sql()
        arguments += filterArguments
        arguments += [max(1, query.limit)]
        let sql = "WITH " + ctes.joined(separator: ", ")
            + " SELECT \(StoredArticle.columnsSQL), (\(ranks.joined(separator: " + "))) AS rank"
            + " FROM \(StoredArticle.fromSQL) " + joins.joined(separator: " ")
            + " WHERE " + whereSQL + " ORDER BY rank, a.id DESC LIMIT ?"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let article = StoredArticle(row: row)
                return SearchHit(
                    article: article, snippet: Snippet.make(for: article.article, terms: terms, marks: marks),
                    rank: row["rank"])
            }
        }
    }
}

/// Building FTS5 query strings safely from user text.
enum FTSQuery {
    /// `"text"` with inner quotes doubled: a phrase, never FTS5 syntax.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The grams-index phrase for a 1-2 character term: a single CJK character or a bigram
    /// is one token; other words as they are. Nil when nothing searchable is left.
    static func gramPhrase(_ term: String) -> String? {
        var tokens: [String] = []
        var run = ""
        func flush() {
            if !run.isEmpty { tokens.append(run) }
            run = ""
        }
        for scalar in term.unicodeScalars {
            if Grams.isCJK(scalar) {
                run.unicodeScalars.append(scalar)
            } else {
                flush()
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    tokens.append(String(scalar))
                }
            }
        }
        flush()
        // Latin letters of one word belong together: "AI" is the word "ai".
        if term.unicodeScalars.allSatisfy({ !Grams.isCJK($0) && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }) {
            tokens = [term]
        }
        guard !tokens.isEmpty else { return nil }
        return phrase(tokens.joined(separator: " "))
    }
}
