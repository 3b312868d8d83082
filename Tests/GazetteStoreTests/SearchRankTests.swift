import Foundation
import GRDB
import GazetteTestSupport
import Testing

@testable import GazetteStore

@Suite("Search rank: rows that cannot be among the best are not ranked, and the answer is the same")
struct SearchRankTests {
    /// Every match ranked (no `best`), in the search's order: the reference.
    static func fullRanking(_ store: GazetteStore, _ match: String) throws -> [(id: Int64, rank: Double)] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rowid AS id, gazette_rank(search_text, \(GazetteStore.weights)) AS rank
                FROM search_text WHERE search_text MATCH ? ORDER BY rank, rowid DESC
                """, arguments: [match]
            ).map { (id: $0["id"], rank: $0["rank"]) }
        }
    }

    @Test("the best k of a search are the best k of every match ranked, with the same ranks",
          arguments: ["医保", "医", "的", "发展", "工作 的", "建设"])
    func sameAnswer(text: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let match = try StoreBackend.phrases(of: SearchQuery(text: text)).map(SearchTokens.fts5).joined(separator: " AND ")
        let reference = try Self.fullRanking(store, match)
        try #require(reference.count >= 4, "too few matches to prune anything: \(reference.count)")
        for limit in [1, 2, 3, reference.count / 2, reference.count] {
            for window: Int? in [nil, SearchQuery.defaultRankWindow] {
                let hits = try store.search(SearchQuery(text: text, limit: limit, rankWindow: window))
                #expect(hits.map(\.article.id) == reference.prefix(limit).map(\.id), "\(text), limit \(limit)")
                #expect(hits.map(\.rank) == reference.prefix(limit).map(\.rank))
            }
        }
    }

    @Test("with `best`, a row that cannot be among the best gets 0 and the rest their rank; without, every row its rank")
    func pruned() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let reference = try Self.fullRanking(store, "\"医\" *")
        try #require(reference.count >= 4)
        let ranks = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rowid AS id, gazette_rank(search_text, \(GazetteStore.weights), 1) AS rank
                FROM search_text WHERE search_text MATCH '"医" *' ORDER BY rowid DESC
                """
            ).map { (id: $0["id"] as Int64, rank: $0["rank"] as Double) }
        }
        let exact = Dictionary(uniqueKeysWithValues: reference.map { ($0.id, $0.rank) })
        #expect(ranks.allSatisfy { $0.rank == 0 || $0.rank == exact[$0.id] })
        #expect(ranks.contains { $0.rank == 0 }, "nothing was pruned: the bound never applied")
        #expect(ranks.contains { $0.id == reference[0].id && $0.rank == reference[0].rank }, "the best row is ranked")
    }
}

@Suite("Search and count together")
struct SearchCountingTests {
    @Test("hits and count from one statement are those of search and countMatches, with and without filters",
          arguments: ["医保", "医", "的", "审计", "没有这个词"])
    func sameAsTwoQueries(text: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        for query in [SearchQuery(text: text, limit: 3), SearchQuery(text: text, limit: 50), SearchQuery(text: text, source: "本报", limit: 2)] {
            for cap in [1, 2, 5, 2_000] {
                let (hits, total) = try store.searchCounting(query, marks: ("【", "】"), cap: cap)
                let reference = try store.search(query)
                #expect(hits.map(\.article.id) == reference.map(\.article.id))
                #expect(hits.map(\.snippet) == reference.map(\.snippet))
                #expect(total == (try store.countMatches(query, cap: cap)), "\(text), cap \(cap)")
            }
        }
    }
}
