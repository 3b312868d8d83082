import Foundation
import GazetteCore

/// The store's values built from their fields, for another backend of the store
/// (GazetteStorePostgres): their memberwise initialisers are internal to this module, and
/// the values must be the same whichever database they were read from.
package enum StoreBackend {
    package static func storedArticle(
        id: Int64, fileID: Int64, fileSHA256: String, fileName: String, fileSource: String?, receivedAt: Date,
        storedAt: Date, article: Article, classifiedAt: Date?, contentSHA256: String, label: String?,
        pageSource: PageSource
    ) -> StoredArticle {
        StoredArticle(
            id: id, fileID: fileID, fileSHA256: fileSHA256, fileName: fileName, fileSource: fileSource,
            receivedAt: receivedAt, storedAt: storedAt, article: article, classifiedAt: classifiedAt,
            contentSHA256: contentSHA256, label: label, pageSource: pageSource)
    }

    package static func hit(_ article: StoredArticle, terms: [String], marks: (open: String, close: String), rank: Double)
        -> SearchHit
    {
        SearchHit(article: article, snippet: Snippet.make(for: article.article, terms: terms, marks: marks), rank: rank)
    }

    package static func failure(name: String, code: String, message: String, at: Date) -> StoreStats.Failure {
        StoreStats.Failure(name: name, code: code, message: message, at: at)
    }

    package static func day(pages: Int, articles: Int) -> StoreStats.Day {
        StoreStats.Day(pages: pages, articles: articles)
    }

    package static func stats(
        pages: Int, articles: Int, duplicates: Int, failed: Int, labelled: Int, byTopic: [String: Int],
        byProvince: [String: Int], bySource: [String: Int], byKind: [String: Int], byDay: [String: StoreStats.Day],
        recentFailures: [StoreStats.Failure]
    ) -> StoreStats {
        StoreStats(
            pages: pages, articles: articles, duplicates: duplicates, failed: failed, labelled: labelled,
            byTopic: byTopic, byProvince: byProvince, bySource: bySource, byKind: byKind, byDay: byDay,
            recentFailures: recentFailures)
    }

    package static func totals(pages: Int, articles: Int, duplicates: Int, failed: Int, recentFailures: [StoreStats.Failure])
        -> StoreTotals
    {
        StoreTotals(pages: pages, articles: articles, duplicates: duplicates, failed: failed, recentFailures: recentFailures)
    }

    package static func overview(
        byDayAndTopic: [String: [String: Int]], byProvince: [String: Int], bySource: [String: Int]
    ) -> StoreOverview {
        StoreOverview(articlesByDayAndTopic: byDayAndTopic, articlesByProvince: byProvince, articlesBySource: bySource)
    }

    package static func page(
        id: Int64, name: String, source: String?, receivedAt: Date, articleCount: Int, duplicateCount: Int,
        firstArticleID: Int64?
    ) -> StoredPage {
        StoredPage(
            id: id, name: name, source: source, receivedAt: receivedAt, articleCount: articleCount,
            duplicateCount: duplicateCount, firstArticleID: firstArticleID)
    }

    package static func verifyReport(checks: [String], problems: [String]) -> VerifyReport {
        VerifyReport(checks: checks, problems: problems)
    }

    package static func reclassifySummary(examined: Int, changed: Int, skippedLabelled: Int, noVerdict: Int)
        -> ReclassifySummary
    {
        ReclassifySummary(examined: examined, changed: changed, skippedLabelled: skippedLabelled, noVerdict: noVerdict)
    }

    /// The checks `search` makes before a query reaches any index, with their errors: the
    /// query's phrases (each term's tokens and whether its last is a prefix), a repeated
    /// term (医保 医保, or "医保" and 医保) dropped, as it adds nothing to an AND.
    package static func phrases(of query: SearchQuery) throws(StoreError) -> [(tokens: [Substring], prefix: Bool)] {
        // Counted before anything else is done with the text: the limits are what keep
        // the cost of a query bounded, so nothing may cost more than a pass over it first.
        let characters = query.text.unicodeScalars.count
        let terms = query.terms
        guard terms.count <= SearchQuery.maxTerms, characters <= SearchQuery.maxCharacters else {
            throw .queryTooLarge(terms: terms.count, characters: characters)
        }
        guard !terms.isEmpty else { throw .invalidInput(detail: "empty query: give one or more words to search for") }
        if let topic = query.topic, !Taxonomy.allIDs.contains(topic) {
            throw .invalidInput(detail: "unknown topic \"\(topic)\": use one of \(Taxonomy.allIDs.joined(separator: ", "))")
        }
        var phrases: [(tokens: [Substring], prefix: Bool)] = []
        var seen = Set<String>()
        for term in terms {
            guard let phrase = SearchTokens.phraseTokens(term) else {
                throw .invalidInput(detail: "the query term \"\(term)\" has no letters or digits to search for")
            }
            if seen.insert(phrase.tokens.joined(separator: " ") + (phrase.prefix ? " *" : "")).inserted {
                phrases.append(phrase)
            }
        }
        return phrases
    }
}
