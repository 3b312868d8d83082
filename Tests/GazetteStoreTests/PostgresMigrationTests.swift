import Foundation
import GazetteCore
import GazetteStore
import GazetteTestSupport
import Testing
@testable import GazetteStorePostgres

/// A PostgreSQL database left by an earlier Gazette is migrated when a writer opens it, as
/// a SQLite file is (MigrationTests), and keeps what it held.
@Suite("PostgreSQL schema migrations")
struct PostgresMigrationTests {
    @Test("a database at the first schema version gains the page-source columns; its pages read as text")
    func fromV1() throws {
        let server = try PostgresServer.require()
        let url = try server.makeDatabase()
        let database = PostgresServer.database(of: url)
        // The database as the first version left it: its one migration, recorded, and a page.
        let first = try #require(PostgresSchema.migrations.first)
        let article = Article(seq: 1, headline: "守护医保基金安全", paragraphs: ["川渝两地医保基金联合检查启动。"])
        let vector = SearchVector.literal(PreparedArticle(article).tokens).replacingOccurrences(of: "'", with: "''")
        try server.psql(database, first.sql + """
            ;
            CREATE TABLE gazette_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
            INSERT INTO gazette_migrations(id) VALUES ('\(first.id)');
            INSERT INTO files(id, sha256, name, size, encoding, source, received_at, stored_at, article_count)
            VALUES (1, 'abc', 'old.txt', 10, 'utf-8', '老报', '2025-01-02 03:04:05Z', '2025-01-02 03:04:06Z', 1);
            INSERT INTO articles(id, file_id, seq, kind, headline, paragraphs, content_sha256, search)
            VALUES (1, 1, 1, 'news', '守护医保基金安全', '["川渝两地医保基金联合检查启动。"]', 'h', '\(vector)');
            SELECT setval(pg_get_serial_sequence('files', 'id'), 1);
            SELECT setval(pg_get_serial_sequence('articles', 'id'), 1);
            """)
        #expect(try server.psql(database, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'ocr_confidence'") == "0")

        // A reader may not migrate: it is told the schema is behind, with what is missing.
        do {
            _ = try PostgresStore(url, readOnly: true)
            Issue.record("a read-only open of a database at the first version should be refused")
        } catch {
            guard case .schemaTooOld(_, let missing) = error else { Issue.record("unexpected \(error)"); return }
            #expect(missing == PostgresSchema.migrations.dropFirst().map(\.id))
        }

        let store = try PostgresStore(url)
        #expect(try store.appliedMigrations() == PostgresSchema.migrations.map(\.id))
        let old = try #require(try store.article(id: 1))
        #expect(old.article.headline == "守护医保基金安全" && old.fileSource == "老报")
        #expect(old.pageSource == .text && old.article.quality.ocrConfidence == nil)
        #expect(try store.search(SearchQuery(text: "医保")).map(\.article.id) == [1])

        // The new columns take a scan's figures, and the store stays whole.
        let scan = PageSourceStoreTests.scanned(try Fixtures.seedRecords()[0])
        guard case .stored(let fileID, _) = try store.ingest([scan])[0] else { Issue.record("the scan was not stored"); return }
        let stored = try store.articles(fileID: fileID)
        #expect(stored.map(\.pageSource) == Array(repeating: scan.page.source, count: scan.page.articles.count))
        #expect(stored.map(\.article.quality.ocrConfidence) == scan.page.articles.map(\.quality.ocrConfidence))
        #expect(try store.verify().problems == [])
        // Opened again, nothing is left to migrate.
        #expect(try PostgresStore(url, readOnly: true).appliedMigrations() == PostgresSchema.migrations.map(\.id))
    }
}
