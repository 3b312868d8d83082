import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// The seed pages parsed into records, and ways to damage a store, for the store tests
/// (the seed files and temp directories are GazetteTestSupport's).
extension Fixtures {
    static func record(bytes: [UInt8], name: String, source: String? = nil, at: Date = Date()) throws -> PageRecord {
        let page = try PageParser.parse(bytes)
        return PageRecord(fileName: name, source: source, size: bytes.count, receivedAt: at, page: page)
    }

    static func seedRecords(source: String? = "seeds") throws -> [PageRecord] {
        try seedURLs.map { url in
            try record(bytes: [UInt8](Data(contentsOf: url)), name: url.lastPathComponent, source: source)
        }
    }

    /// Removes an article's row from the contentless full-text index, the way FTS5 wants it
    /// (a 'delete' with the very tokens that were indexed), leaving the article: a store
    /// whose index no longer matches its articles, for the verify tests.
    static func unindex(articleID: Int64, in store: GazetteStore) throws {
        let stored = try #require(try store.article(id: articleID))
        let article = stored.article
        try store.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO search_text(search_text, rowid, headline, subtitle, kicker, body, names)
                    VALUES ('delete', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    articleID, SearchTokens.text(article.headline), SearchTokens.text(article.subtitle),
                    SearchTokens.text(article.kicker), SearchTokens.text(article.paragraphs),
                    SearchTokens.text(article.reporters + article.correspondents + article.photographers),
                ])
        }
    }

    /// A page that exists only in tests: a seed with a distinguishing line appended.
    static func variant(of url: URL, number: Int) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes += Array("\n第\(number)期 本报讯 编号\(number)。\n".utf8)
        return bytes
    }
}
