import Foundation
import GazetteCore
import GazetteStore
import GazetteTestSupport
import Testing

/// The store's contract, run on both backends (SQLite and PostgreSQL): exactly once by
/// SHA-256, articles read back as they were written, labels over the classifier, reclassify,
/// export, stats and verify.
@Suite("Store on both backends")
struct StoreBackendTests {
    static func stored(_ outcome: IngestOutcome) -> (fileID: Int64, articleIDs: [Int64])? {
        if case .stored(let fileID, let articleIDs) = outcome { return (fileID, articleIDs) }
        return nil
    }

    @Test("the same bytes are stored once: again under the same name is the stored file, under another a duplicate",
          arguments: Backend.allCases)
    func exactlyOnce(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let records = try Fixtures.seedRecords()
        let first = try store.ingest(records)
        let fileIDs = first.compactMap { Self.stored($0)?.fileID }
        #expect(fileIDs.count == records.count)
        #expect(try store.ingest(records) == fileIDs.map { IngestOutcome.alreadyStored(fileID: $0) })
        let renamed = records.map { record in
            var copy = record
            copy.fileName = "again-" + record.fileName
            return copy
        }
        #expect(try store.ingest(renamed) == fileIDs.map { IngestOutcome.duplicate(ofFileID: $0) })
        // Twice in one batch: the second is a duplicate of the first, written in the same transaction.
        var twin = try Fixtures.record(bytes: try Fixtures.variant(of: Fixtures.seedURLs[0], number: 7), name: "v7.txt")
        let inBatch = try store.ingest([twin, { twin.fileName = "v7-copy.txt"; return twin }()])
        let newID = try #require(Self.stored(inBatch[0])?.fileID)
        #expect(inBatch[1] == .duplicate(ofFileID: newID))
        let totals = try store.totals(recentFailures: 0)
        #expect(totals.pages == records.count + 1)
        #expect(totals.duplicates == records.count + 1)
        #expect(totals.articles == (records + [twin]).reduce(0) { $0 + $1.page.articles.count })
        #expect(try store.fileID(sha256: records[0].page.sha256) == fileIDs[0])
        #expect(try store.fileID(sha256: "0000") == nil)
        #expect(try store.verify().problems == [])
    }

    @Test("articles read back as written, page by page and by id", arguments: Backend.allCases)
    func readBack(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let received = Date(timeIntervalSince1970: 1_765_000_000)
        let records = try Fixtures.seedRecords(source: "江门日报").map { record in
            var copy = record
            copy.receivedAt = received
            return copy
        }
        let outcomes = try store.ingest(records)
        for (record, outcome) in zip(records, outcomes) {
            let (fileID, articleIDs) = try #require(Self.stored(outcome))
            let articles = try store.articles(fileID: fileID)
            #expect(articles.map(\.id) == articleIDs)
            #expect(articles.map(\.article) == record.page.articles.map(Self.asStored))
            for stored in articles {
                #expect(stored.fileSHA256 == record.page.sha256)
                #expect(stored.fileName == record.fileName)
                #expect(stored.fileSource == "江门日报")
                #expect(abs(stored.receivedAt.timeIntervalSince(received)) < 0.001)
                #expect(try store.article(id: stored.id) == stored)
            }
        }
        #expect(try store.article(id: 999_999) == nil)
        let newest = try store.newestArticles(filteredBy: SearchQuery(text: ""), limit: 3, offset: 0)
        let all = outcomes.flatMap { Self.stored($0)?.articleIDs ?? [] }
        #expect(newest.map(\.id) == Array(all.sorted(by: >).prefix(3)))
        #expect(try store.countArticles(filteredBy: SearchQuery(text: ""), cap: nil) == all.count)
        #expect(try store.countArticles(filteredBy: SearchQuery(text: ""), cap: 2) == 2)
        let pages = try store.newestPages(limit: 10)
        #expect(Set(pages.map(\.name)) == Set(records.map(\.fileName)))
    }

    /// What the store keeps of an article (it does not keep the furniture count).
    static func asStored(_ article: Article) -> Article {
        var copy = article
        copy.quality = Quality(
            joinedBreaks: article.quality.joinedBreaks, droppedDuplicates: article.quality.droppedDuplicates,
            garbledRatio: article.quality.garbledRatio)
        return copy
    }

    @Test("labels win over the classifier; reclassify leaves labelled articles alone", arguments: Backend.allCases)
    func labelsAndReclassify(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let outcomes = try store.ingest(try Fixtures.seedRecords())
        let ids = outcomes.flatMap { Self.stored($0)?.articleIDs ?? [] }
        try #require(ids.count >= 2)
        try store.label(articleID: ids[0], topic: "environment", at: Date())
        try store.label(articleID: ids[0], topic: "agriculture", at: Date())
        #expect(try store.article(id: ids[0])?.label == "agriculture")
        #expect(throws: StoreError.noSuchArticle(id: 999_999)) { try store.label(articleID: 999_999, topic: "other", at: Date()) }
        #expect(throws: StoreError.self) { try store.label(articleID: ids[1], topic: "no-such-topic", at: Date()) }
        let summary = try store.reclassify(since: nil, batchSize: 2, at: Date()) { _ in
            Classification(category: "economy", confidence: 0.5, scores: ["economy": 0.5])
        }
        #expect(summary.skippedLabelled == 1)
        #expect(summary.examined == ids.count - 1)
        #expect(try store.article(id: ids[1])?.article.classification?.category == "economy")
        #expect(try store.article(id: ids[0])?.topic == "agriculture")
        let stats = try store.stats(recentFailures: 5)
        #expect(stats.labelled == 1)
        #expect(stats.byTopic["economy"] == ids.count - 1)
        #expect(stats.byTopic["agriculture"] == 1)
        #expect(try store.labelledArticles().map(\.label) == ["agriculture"])
    }

    @Test("export streams every article in id order; failures are counted", arguments: Backend.allCases)
    func exportAndFailures(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let outcomes = try store.ingest(try Fixtures.seedRecords())
        let ids = outcomes.flatMap { Self.stored($0)?.articleIDs ?? [] }
        var exported: [Int64] = []
        let count = try store.exportArticles(since: nil, until: nil) { exported.append($0.id) }
        #expect(count == ids.count)
        #expect(exported == ids.sorted())
        #expect(try store.exportArticles(since: Date().addingTimeInterval(3600), until: nil) { _ in } == 0)
        try store.recordFailure(FailureRecord(fileName: "bad.txt", sha256: nil, size: 3, code: "empty", message: "no text", at: Date()))
        let stats = try store.stats(recentFailures: 5)
        #expect(stats.failed == 1)
        #expect(stats.recentFailures.map(\.name) == ["bad.txt"])
        #expect(stats.pages == outcomes.count)
        #expect(stats.byDay.values.reduce(0) { $0 + $1.articles } == ids.count)
        #expect(stats.byKind.values.reduce(0, +) == ids.count)
        let overview = try store.overview(since: Date().addingTimeInterval(-3600))
        #expect(overview.articlesBySource["seeds"] == ids.count)
    }
}
