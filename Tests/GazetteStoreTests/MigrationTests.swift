import Foundation
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
        #expect(article.fileSource == "老报")
        #expect(try store.search(SearchQuery(text: "赵蝶")).map(\.article.id) == [1])
        #expect(try store.search(SearchQuery(text: "联合检查")).map(\.article.id) == [1])
        #expect(try store.verify().isHealthy)
        // The later migration's table works on the old data.
        try store.label(articleID: 1, topic: "healthcare-security")
        #expect(try store.article(id: 1)?.topic == "healthcare-security")
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
        #expect(throws: StoreError.schemaTooOld(path: path, missingMigrations: [StoreSchema.labels])) {
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
