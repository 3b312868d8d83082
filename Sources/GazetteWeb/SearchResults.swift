import GazetteStore

/// One page of results: ranked hits for a query, or the newest articles for an empty one.
struct SearchResults: Sendable {
    struct Item: Sendable {
        var article: StoredArticle
        /// The passage around the first match, matches between `Marks.open` and `Marks.close`;
        /// nil when listing the newest articles.
        var snippet: String?
        var rank: Double?
    }

    var parameters: SearchParameters
    /// All articles that match (not only this page), counted up to `countCap`.
    var total: Int
    /// The count stopped at `countCap`: there are at least `total` matches.
    var totalIsLowerBound: Bool { total >= Self.countCap }

    /// Matches are counted up to this many: counting reads every match, so an exact count
    /// of a common word would grow with the store (医保 is in half the articles), and only
    /// the first `SearchParameters.maxResults` can be paged to anyway. As many as the store
    /// ranks (`SearchQuery.defaultRankWindow`): at 10,000 the count was a quarter of a
    /// search's time at 100,000 pages (1.4–2.4 ms of SQLite for 医保 and 医保基金, against
    /// 0.3–0.9 ms at 2,000).
    static let countCap = SearchQuery.defaultRankWindow
    var items: [Item]

    var pageCount: Int {
        let reachable = min(total, SearchParameters.maxResults)
        return max(1, (reachable + parameters.limit - 1) / parameters.limit)
    }

    /// The marks the store puts around matches: private-use characters, which no page
    /// prints, so they cannot be confused with the paper's own 【】.
    enum Marks {
        static let open: Character = "\u{E000}"
        static let close: Character = "\u{E001}"
        static let pair = (open: String(open), close: String(close))
    }

    /// Runs the search (the store's own, same semantics as `gazette search`): ranks the
    /// first `offset + limit` hits and keeps this page's.
    static func run(_ parameters: SearchParameters, store: some ReadingRoomStore) throws(StoreError) -> SearchResults {
        let query = parameters.storeQuery
        if parameters.isEmptyQuery {
            let articles = try store.newestArticles(filteredBy: query, limit: parameters.limit, offset: parameters.offset)
            return SearchResults(
                parameters: parameters, total: try store.countArticles(filteredBy: query, cap: countCap),
                items: articles.map { Item(article: $0, snippet: nil, rank: nil) })
        }
        let (hits, total) = try store.searchCounting(query, marks: Marks.pair, cap: countCap)
        return SearchResults(
            parameters: parameters, total: total,
            items: hits.dropFirst(parameters.offset).map { Item(article: $0.article, snippet: $0.snippet, rank: $0.rank) })
    }
}
