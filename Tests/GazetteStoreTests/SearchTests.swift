import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// Search over the real seeds. Expectations are bounded by the raw page text so they hold
/// whether the parser returns one article per page or the real segmentation: a page whose
/// raw lines contain the query must be hit; a page whose text (whitespace removed, so
/// re-joined column breaks count) does not contain it must not be.
///
/// Every test here runs on both backends (SQLite and PostgreSQL): the same semantics.
@Suite("Chinese search")
struct SearchTests {
    static func seededStore(_ dir: URL) throws -> GazetteStore {
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(try Fixtures.seedRecords())
        return store
    }

    static func seededStore(_ dir: URL, _ backend: Backend) throws -> any ArticleStore {
        let store = try backend.makeStore(in: dir)
        _ = try store.ingest(try Fixtures.seedRecords())
        return store
    }

    static func seedPrefix(_ name: String) -> String { String(name.prefix(3)) }

    static func bounds(_ query: String) throws -> (must: Set<String>, may: Set<String>) {
        var must: Set<String> = []
        var may: Set<String> = []
        for url in Fixtures.seedURLs {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let prefix = seedPrefix(url.lastPathComponent)
            if text.split(separator: "\n").contains(where: { $0.contains(query) }) { must.insert(prefix) }
            if text.filter({ !$0.isWhitespace }).contains(query) { may.insert(prefix) }
        }
        return (must, may)
    }

    @Test("1-, 2-, 3- and 8-character queries find exactly the pages that contain them",
          arguments: Backend.allCases, ["蝶", "医", "医保", "审计", "赵蝶", "汉滨区", "医保基金", "医疗保障基金监管", "GDP"])
    func queryLengths(backend: Backend, query: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seededStore(dir, backend)
        let hits = try store.hits(SearchQuery(text: query, limit: 10_000))
        let pages = Set(hits.map { Self.seedPrefix($0.article.fileName) })
        let (must, may) = try Self.bounds(query)
        #expect(!must.isEmpty, "the query should occur in some seed")
        #expect(must.isSubset(of: pages), "\(query): missing pages \(must.subtracting(pages).sorted())")
        #expect(pages.isSubset(of: may), "\(query): unexpected pages \(pages.subtracting(may).sorted())")
        for hit in hits {
            #expect(hit.snippet.contains("【\(query)】"), "snippet without the marked match: \(hit.snippet)")
        }
    }

    @Test("医保 and 医保基金 find the healthcare pages 000-003, not the audit page 004", arguments: Backend.allCases)
    func healthcare(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seededStore(dir, backend)
        let short = Set(try store.hits(SearchQuery(text: "医保", limit: 1000)).map { Self.seedPrefix($0.article.fileName) })
        let long = Set(try store.hits(SearchQuery(text: "医保基金", limit: 1000)).map { Self.seedPrefix($0.article.fileName) })
        #expect(short == ["000", "001", "002", "003"])
        #expect(long == ["000", "001", "003"])
        #expect(short.union(long) == ["000", "001", "002", "003"])
    }

    @Test("several terms must all match; ranking puts headline matches first", arguments: Backend.allCases)
    func termsAndRanking(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        func page(_ sha: String, headline: String, body: String) -> PageRecord {
            PageRecord(
                fileName: "\(sha).txt", source: nil, size: 1, receivedAt: Date(),
                page: ParsedPage(sha256: sha, encoding: .utf8, articles: [
                    Article(seq: 1, headline: headline, paragraphs: [body])
                ]))
        }
        _ = try store.ingest([
            page("a", headline: "今日要闻", body: "全市审计工作会议召开，部署医保基金专项检查。"),
            page("b", headline: "医保基金专项审计启动", body: "会议要求加强监管。"),
            page("c", headline: "审计整改", body: "财政资金绩效评价。"),
        ])
        let both = try store.hits(SearchQuery(text: "审计 医保基金"))
        #expect(both.map(\.article.fileSHA256) == ["b", "a"])
        // User text is never FTS5 syntax: quotes and operators are punctuation and words.
        let quoted = try store.hits(SearchQuery(text: "\"审计"))
        #expect(quoted.map(\.article.fileSHA256) == (try store.hits(SearchQuery(text: "审计")).map(\.article.fileSHA256)))
        #expect(try store.hits(SearchQuery(text: "审计 OR 医保")).isEmpty, "OR is a word the texts lack")
        #expect(try store.hits(SearchQuery(text: "NEAR(审计 医保*")).isEmpty)
        #expect(throws: StoreError.self) { try store.hits(SearchQuery(text: "  ")) }
    }

    @Test("filters: topic (label wins), province prefix, source, received dates", arguments: Backend.allCases)
    func filters(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let day = 86_400.0
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        func page(_ sha: String, source: String?, at: Date, provinces: [String], category: String) -> PageRecord {
            PageRecord(
                fileName: "\(sha).txt", source: source, size: 1, receivedAt: at,
                page: ParsedPage(sha256: sha, encoding: .utf8, articles: [
                    Article(
                        seq: 1, headline: "医保基金监管", paragraphs: ["医保"],
                        classification: Classification(category: category, confidence: 0.9, scores: [category: 0.9]),
                        provinces: provinces)
                ]))
        }
        let outcomes = try store.ingest([
            page("p1", source: "四川日报", at: t0, provinces: ["四川省"], category: "healthcare-security"),
            page("p2", source: "重庆日报", at: t0 + day, provinces: ["重庆市"], category: "healthcare-security"),
            page("p3", source: nil, at: t0 + 2 * day, provinces: ["四川省", "重庆市"], category: "audit-finance"),
        ])
        func shas(_ query: SearchQuery) throws -> Set<String> { Set(try store.hits(query).map(\.article.fileSHA256)) }
        #expect(try shas(SearchQuery(text: "医保", province: "四川")) == ["p1", "p3"])
        #expect(try shas(SearchQuery(text: "医保", province: "重庆市")) == ["p2", "p3"])
        #expect(try shas(SearchQuery(text: "医保基金", source: "重庆日报")) == ["p2"])
        #expect(try shas(SearchQuery(text: "医保", since: t0 + day)) == ["p2", "p3"])
        #expect(try shas(SearchQuery(text: "医保", until: t0 + day)) == ["p1"])
        #expect(try shas(SearchQuery(text: "医保", topic: "healthcare-security")) == ["p1", "p2"])
        guard case .stored(_, let ids) = outcomes[0] else { Issue.record("p1 not stored"); return }
        try store.label(articleID: ids[0], topic: "audit-finance", at: Date())
        #expect(try shas(SearchQuery(text: "医保", topic: "healthcare-security")) == ["p2"])
        #expect(try shas(SearchQuery(text: "医保", topic: "audit-finance")) == ["p1", "p3"])
        #expect(try shas(SearchQuery(text: "医保", limit: 1)).count == 1)
    }
}
