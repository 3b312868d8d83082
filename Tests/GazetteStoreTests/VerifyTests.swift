import Foundation
import GRDB
import GazetteBenchKit
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

@Suite("verify")
struct VerifyTests {
    static func seeded(_ dir: URL) throws -> GazetteStore {
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(try Fixtures.seedRecords())
        _ = try store.ingest(try Fixtures.seedRecords())
        return store
    }

    @Test("a store filled through ingest passes, read-write and read-only")
    func healthy() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seeded(dir)
        let report = try store.verify()
        #expect(report.isHealthy, "\(report.problems)")
        #expect(report.checks.contains("fts5 integrity-check search_text"))
        let readOnly = try GazetteStore(path: store.path, readOnly: true)
        #expect(try readOnly.verify().isHealthy)
    }

    @Test("a page missing an article is reported")
    func missingArticle() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seeded(dir)
        try store.pool.write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT max(id) FROM articles")!
            try db.execute(sql: "DELETE FROM articles WHERE id = ?", arguments: [id])
        }
        let report = try store.verify()
        #expect(report.problems.contains { $0.contains("was stored with") })
        // The index row of the deleted article is still there: the index no longer matches.
        #expect(report.problems.contains { $0.contains("search_text") })
    }

    @Test("an article missing from the full-text index is reported")
    func indexMismatch() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seeded(dir)
        try Fixtures.unindex(articleID: 1, in: store)
        let report = try store.verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("search_text") == true)
    }

    @Test("a damaged full-text index fails FTS5's integrity-check")
    func damagedIndex() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.seeded(dir)
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM search_text_data WHERE id > 10")
        }
        let report = try store.verify()
        #expect(report.problems.contains { $0.contains("integrity-check") }, "\(report.problems)")
    }
}

@Suite("export, labels, reclassify")
struct AnalystAPITests {
    @Test("export streams every article with its page's SHA-256 and the contract fields")
    func export() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let records = try Fixtures.seedRecords()
        _ = try store.ingest(records)
        var lines: [String] = []
        let count = try store.exportArticles { lines.append(ExportedArticle(article: $0).jsonLine()) }
        #expect(count == records.reduce(0) { $0 + $1.page.articles.count })
        #expect(lines.count == count)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["id", "file_sha256", "seq", "kind", "kicker", "headline", "subtitle", "reporters", "correspondents",
                    "photographers", "source", "dateline", "continued_from", "subheads", "paragraphs", "provinces",
                    "places", "quality"] {
            #expect(first.keys.contains(key), "missing \(key)")
        }
        #expect(first["file_sha256"] as? String == records[0].page.sha256)
        #expect(!lines.contains { $0.contains("\n") })
        let later = try store.exportArticles(since: Date().addingTimeInterval(3600)) { _ in }
        #expect(later == 0)
    }

    @Test("labels accept only the 16 topic ids and existing articles")
    func labels() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(try Fixtures.seedRecords())
        #expect(Taxonomy.allIDs.count == 16)
        #expect(throws: StoreError.self) { try store.label(articleID: 1, topic: "sports") }
        #expect(throws: StoreError.noSuchArticle(id: 999_999)) { try store.label(articleID: 999_999, topic: "other") }
        try store.label(articleID: 1, topic: "economy")
        try store.label(articleID: 1, topic: "agriculture")
        #expect(try store.article(id: 1)?.label == "agriculture")
        #expect(try store.stats().byTopic["agriculture"] == 1)
    }

    @Test("reclassify updates in batches and never overrides a label")
    func reclassify() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(try Fixtures.seedRecords())
        let total = try store.stats().articles
        try store.label(articleID: 1, topic: "economy")
        var seen: [Int] = []
        let summary = try store.reclassify(batchSize: 2) { article in
            seen.append(article.seq)
            return Classification(category: "other", confidence: 0.5, scores: ["other": 0.5])
        }
        #expect(summary.examined == total - 1)
        #expect(summary.changed == total - 1)
        #expect(summary.skippedLabelled == 1)
        #expect(try store.article(id: 1)?.article.classification == nil)
        #expect(try store.article(id: 1)?.topic == "economy")
        #expect(try store.article(id: 2)?.topic == "other")
        let again = try store.reclassify { _ in Classification(category: "other", confidence: 0.5, scores: ["other": 0.5]) }
        #expect(again.changed == 0)
        let none = try store.reclassify { _ in nil }
        #expect(none.noVerdict == total - 1)
    }

    @Test("the store benchmark ingests distinct pages at every batch size")
    func bench() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = try StoreBench.run(templates: try Fixtures.seedRecords(), pagesPerRun: 12, batchSizes: [1, 5], directory: dir)
        #expect(results.map(\.batchSize) == [1, 5])
        #expect(results.allSatisfy { $0.pages == 12 && $0.articles >= 12 })
        let store = try GazetteStore(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try StoreBench.fill(store, templates: try Fixtures.seedRecords(), pages: 10, batchSize: 4)
        #expect(try store.stats().pages == 10)
        let timings = try StoreBench.searchTimings(store: store, queries: ["医", "医保", "医保基金"], repeats: 1)
        #expect(timings.map(\.hits).allSatisfy { $0 > 0 })
    }

    /// `gazette verify` on a damaged store: the index is broken through the store's internals,
    /// so this command-line test lives with the store's tests.
    @Test("verify on a damaged store exits non-zero with an explanation")
    func verifyDamaged() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x5A, count: 4096).write(to: junk)
        let result = try GazetteBinary.run(["verify", "--store", junk.path])
        #expect(result.status != 0)
        #expect(result.stdout.contains("restore it from backup"))

        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(try Fixtures.seedRecords())
        try Fixtures.unindex(articleID: 2, in: store)
        let broken = try GazetteBinary.run(["verify", "--store", store.path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("PROBLEM: full-text index search_text"))
    }
}
