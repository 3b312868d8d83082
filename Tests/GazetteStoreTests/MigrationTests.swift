import Foundation
import GazetteTestSupport
import GRDB
import Testing
@testable import GazetteStore

@Suite("Schema migrations")
struct MigrationTests {
    @Test("a store made by the first schema version keeps its data and becomes searchable")
    func fromV1() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: StoreSchema.filesArticles)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO files(id, sha256, name, size, encoding, source, received_at, stored_at, article_count)
                    VALUES (1, 'abc', 'old.txt', 10, 'utf-8', '老报', '2023-01-02 03:04:05.000', '2023-01-02 03:04:06.000', 1);
                    INSERT INTO articles(id, file_id, seq, kind, headline, reporters, paragraphs, content_sha256)
                    VALUES (1, 1, 1, 'news', '资源共享 守护医保基金安全', '["赵蝶"]', '["川渝两地医保基金联合检查启动。"]', 'h');
                    """)
            }
            #expect(try pool.read { db in try db.tableExists("search_trigram") } == false)
        }
        let store = try GazetteStore(path: path)
        #expect(try store.appliedMigrations() == StoreSchema.migrator.migrations)
        let article = try #require(try store.article(id: 1))
        #expect(article.article.headline == "资源共享 守护医保基金安全")
        #expect(article.article.reporters == ["赵蝶"])
        // v6: a page stored before scans were read is a text page.
        #expect(article.pageSource == .text && article.article.quality.ocrConfidence == nil)
        #expect(article.fileSource == "老报")
        #expect(try store.search(SearchQuery(text: "赵蝶")).map(\.article.id) == [1])
        #expect(try store.search(SearchQuery(text: "联合检查")).map(\.article.id) == [1])
        #expect(try store.verify().isHealthy)
        // The later migration's table works on the old data.
        try store.label(articleID: 1, topic: "healthcare-security")
        #expect(try store.article(id: 1)?.topic == "healthcare-security")
    }

    @Test("a v3 store (trigram + grams indexes) moves to the one search_text index, its articles found")
    func fromV3() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v3.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: StoreSchema.labels)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO files(id, sha256, name, size, encoding, received_at, stored_at, article_count)
                    VALUES (1, 'abc', 'v3.txt', 10, 'utf-8', '2024-01-02 03:04:05.000', '2024-01-02 03:04:06.000', 2);
                    INSERT INTO articles(id, file_id, seq, kind, headline, reporters, paragraphs, content_sha256)
                    VALUES (1, 1, 1, 'news', '守护医保基金安全', '["赵蝶"]', '["川渝两地医保基金联合检查启动。"]', 'h1'),
                           (2, 1, 2, 'news', '审计整改', '[]', '["推进5G网络，财政资金绩效评价。"]', 'h2');
                    """)
                for (id, headline, body, names) in [(1, "守护医保基金安全", "川渝两地医保基金联合检查启动。", ["赵蝶"]),
                                                    (2, "审计整改", "推进5G网络，财政资金绩效评价。", [])] {
                    try LegacySearchV2.insert(db, articleID: Int64(id), headline: headline, subtitle: nil, kicker: nil,
                                              paragraphs: [body], names: names)
                }
            }
            #expect(try pool.read { db in try db.tableExists("search_trigram") && db.tableExists("search_grams") })
        }
        let store = try GazetteStore(path: path)
        #expect(try store.appliedMigrations().suffix(3) == [StoreSchema.searchText, StoreSchema.searchMerge, StoreSchema.pageSource])
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'search%'")
        }
        #expect(tables.contains("search_text"))
        #expect(!tables.contains { $0.hasPrefix("search_trigram") || $0.hasPrefix("search_grams") }, "\(tables)")
        func ids(_ text: String) throws -> [Int64] { try store.search(SearchQuery(text: text)).map(\.article.id).sorted() }
        #expect(try ids("赵蝶") == [1])
        #expect(try ids("医") == [1])
        #expect(try ids("医保基金") == [1])
        #expect(try ids("审计") == [2])
        #expect(try ids("5G网络") == [2])
        #expect(try ids("安全") == [1])
        #expect(try ids("网络财政") == [], "no match across punctuation")
        #expect(try store.verify().isHealthy)
    }

    @Test("new stores and v4 stores merge index segments 16 at a time, incrementally, and stay searchable")
    func searchMergeSettings() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func settings(_ store: GazetteStore) throws -> [String: Int] {
            try store.read { db in
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT k, v FROM search_text_config WHERE k IN ('automerge', 'crisismerge', 'hashsize')") {
                    out[row["k"]] = row["v"]
                }
                return out
            }
        }
        let expected = ["automerge": 16, "crisismerge": 64, "hashsize": 4 << 20]
        let fresh = try GazetteStore(path: dir.appendingPathComponent("new.sqlite").path)
        #expect(try settings(fresh) == expected)

        let path = dir.appendingPathComponent("v4.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: StoreSchema.searchText)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO files(id, sha256, name, size, encoding, received_at, stored_at, article_count)
                    VALUES (1, 'abc', 'v4.txt', 10, 'utf-8', '2025-01-02 03:04:05.000', '2025-01-02 03:04:06.000', 1);
                    INSERT INTO articles(id, file_id, seq, kind, headline, reporters, paragraphs, content_sha256)
                    VALUES (1, 1, 1, 'news', '守护医保基金安全', '["赵蝶"]', '["川渝两地医保基金联合检查启动。"]', 'h1');
                    """)
                try StoreSchema.fillSearchText(db)
                // FTS5 keeps no row for a setting left at its default.
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM search_text_config WHERE k = 'automerge'") == 0)
            }
        }
        let upgraded = try GazetteStore(path: path)
        #expect(try upgraded.appliedMigrations().suffix(2) == [StoreSchema.searchMerge, StoreSchema.pageSource])
        #expect(try settings(upgraded) == expected)
        #expect(try upgraded.search(SearchQuery(text: "医保基金")).map(\.article.id) == [1])
        #expect(try upgraded.verify().isHealthy)
    }

    @Test("a read-only open of an unmigrated store asks for a read-write open")
    func readOnlyOld() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: StoreSchema.searchIndex)
        }
        #expect(throws: StoreError.schemaTooOld(path: path, missingMigrations: [StoreSchema.labels, StoreSchema.searchText, StoreSchema.searchMerge,
                                                                           StoreSchema.pageSource])) {
            try GazetteStore(path: path, readOnly: true)
        }
    }

    @Test("a store from a newer Gazette is refused, untouched")
    func tooNew() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("new.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            var migrator = StoreSchema.migrator
            migrator.registerMigration("v9-from-the-future") { db in try db.execute(sql: "CREATE TABLE future(x)") }
            try migrator.migrate(pool)
        }
        #expect(throws: StoreError.schemaTooNew(path: path, unknownMigrations: ["v9-from-the-future"])) {
            try GazetteStore(path: path)
        }
    }
}
