import Foundation
import GazetteCore
import GazetteStore
import GazetteTestSupport
import GazetteStorePostgres
import Testing

/// The same pages in both stores give the same hits — and, where ranks are equal, in the
/// same order — for 1-, 2-, 4- and 8-character queries and a Latin word; and `gazette
/// migrate` copies a SQLite store into PostgreSQL, resumably.
@Suite("PostgreSQL parity and migration")
struct PostgresParityTests {
    /// The seeds, variants of them, and six pages with one identical article each (their
    /// ranks tie on both stores, so only the order of equal ranks orders them).
    static func corpus() throws -> [PageRecord] {
        var records = try Fixtures.seedRecords()
        for number in 1...3 {
            for url in Fixtures.seedURLs.prefix(2) {
                records.append(try Fixtures.record(bytes: try Fixtures.variant(of: url, number: number), name: "v\(number)-\(url.lastPathComponent)"))
            }
        }
        for number in 1...6 {
            records.append(PageRecord(
                fileName: "tie-\(number).txt", source: "并列", size: 10, receivedAt: Date(),
                page: ParsedPage(sha256: "tie\(number)", encoding: .utf8, articles: [
                    Article(seq: 1, headline: "医疗保障基金监管通报", paragraphs: ["医保基金监管工作会议，GDP 稳步增长。"])
                ])))
        }
        return records
    }

    /// A hit by its page and place on the page, which is the same in both stores.
    static func key(_ hit: SearchHit) -> String { "\(hit.article.fileName)#\(hit.article.article.seq)" }

    @Test("same hits for 1-, 2-, 4-, 8-character queries and a Latin word; same order where ranks tie",
          arguments: ["医", "审", "医保", "审计", "医保基金", "基金监管", "医疗保障基金监管", "GDP", "gdp 医保"])
    func parity(query: String) throws {
        let server = try PostgresServer.require()
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let postgres = try PostgresStore(try server.makeDatabase())
        let records = try Self.corpus()
        _ = try sqlite.ingest(records)
        _ = try postgres.ingest(records)
        let search = SearchQuery(text: query, limit: 1_000)
        let left = try sqlite.search(search)
        let right = try postgres.search(search)
        #expect(!left.isEmpty, "\(query) should occur in the corpus")
        #expect(Set(left.map(Self.key)) == Set(right.map(Self.key)), "\(query): the stores find different articles")
        #expect(left.map(\.snippet).sorted() == right.map(\.snippet).sorted())
        #expect(try sqlite.countMatches(search, cap: nil) == postgres.countMatches(search, cap: nil))
        // Pairs of hits whose ranks tie on both stores are in the same order on both.
        let leftOrder = Dictionary(uniqueKeysWithValues: left.enumerated().map { (Self.key($1), ($0, $1.rank)) })
        let rightOrder = Dictionary(uniqueKeysWithValues: right.enumerated().map { (Self.key($1), ($0, $1.rank)) })
        var tiedPairs = 0
        for a in leftOrder.keys {
            for b in leftOrder.keys where a < b {
                guard let la = leftOrder[a], let lb = leftOrder[b], let ra = rightOrder[a], let rb = rightOrder[b],
                    la.1 == lb.1, ra.1 == rb.1 else { continue }
                tiedPairs += 1
                #expect((la.0 < lb.0) == (ra.0 < rb.0), "\(query): \(a) and \(b) tie on both stores but are ordered differently")
            }
        }
        #expect(tiedPairs > 0, "the six identical pages tie on both stores")
    }

    @Test("migrate copies pages, articles, duplicates, failures and labels; a second run copies nothing; a third only what is new")
    func migrate() throws {
        let server = try PostgresServer.require()
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let records = try Fixtures.seedRecords()
        let outcomes = try sqlite.ingest(records)
        _ = try sqlite.ingest(records.prefix(2).map { record in
            var copy = record
            copy.fileName = "again-" + record.fileName
            return copy
        })
        guard case .stored(_, let ids) = outcomes[0], let first = ids.first else { Issue.record("no article"); return }
        try sqlite.label(articleID: first, topic: "economy")
        try sqlite.recordFailure(FailureRecord(fileName: "bad.txt", sha256: nil, size: 1, code: "empty", message: "no text", at: Date()))
        let url = try server.makeDatabase()

        var lines: [String] = []
        let report = try StoreMigration.run(from: sqlite, to: try PostgresStore(url)) { lines.append($0) }
        #expect(report.mismatches == [])
        #expect(report.copied["files"] == records.count)
        #expect(report.copied["duplicates"] == 2)
        #expect(report.copied["labels"] == 1)
        #expect(report.copied["failures"] == 1)
        #expect(report.target == report.source)
        #expect(lines.contains { $0.hasPrefix("migrate: pages \(records.count)/\(records.count)") })

        let postgres = try PostgresStore(url)
        #expect(try postgres.verify().problems == [])
        let copied = try #require(try postgres.article(id: first))
        let original = try #require(try sqlite.article(id: first))
        #expect(copied.article == original.article)
        #expect(copied.label == "economy")
        #expect(copied.contentSHA256 == original.contentSHA256)
        #expect(copied.fileSHA256 == original.fileSHA256)
        #expect(abs(copied.receivedAt.timeIntervalSince(original.receivedAt)) < 0.001)
        for query in ["医保", "审计", "医疗保障基金监管"] {
            let search = SearchQuery(text: query, topic: nil, limit: 100)
            #expect(Set(try sqlite.search(search).map(\.article.id)) == Set(try postgres.search(search).map(\.article.id)))
        }

        let again = try StoreMigration.run(from: sqlite, to: postgres) { _ in }
        #expect(again.copied["files", default: 0] == 0)
        #expect(again.skipped["files"] == records.count)
        #expect(again.mismatches == [])

        let extra = try Fixtures.record(bytes: try Fixtures.variant(of: Fixtures.seedURLs[0], number: 9), name: "extra.txt")
        _ = try sqlite.ingest([extra])
        let third = try StoreMigration.run(from: sqlite, to: postgres) { _ in }
        #expect(third.copied["files"] == 1)
        #expect(third.mismatches == [])
        // The sequences continue after the copied ids: the next page stored in PostgreSQL gets a new one.
        let next = try Fixtures.record(bytes: try Fixtures.variant(of: Fixtures.seedURLs[1], number: 10), name: "next.txt")
        guard case .stored(let fileID, _) = try postgres.ingest([next])[0] else { Issue.record("not stored"); return }
        #expect(fileID > Int64(records.count + 1))
    }

    /// A scanned page and a text page as both stores read them back: the page source and
    /// each article (with its OCR confidence), by page and place on the page.
    static func readBack(_ store: any StoreReader, _ outcomes: [IngestOutcome]) throws -> [String: (PageSource, Article)] {
        var out: [String: (PageSource, Article)] = [:]
        for outcome in outcomes {
            guard case .stored(let fileID, _) = outcome else { continue }
            for stored in try store.articles(fileID: fileID) {
                out["\(stored.fileName)#\(stored.article.seq)"] = (stored.pageSource, stored.article)
            }
        }
        return out
    }

    @Test("a scanned page reads back with the same source, engine, version and confidences from both stores")
    func pageSourceParity() throws {
        let server = try PostgresServer.require()
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let postgres = try PostgresStore(try server.makeDatabase())
        let records = try Fixtures.seedRecords()
        let pages = [PageSourceStoreTests.scanned(records[0]), records[1]]
        let left = try Self.readBack(sqlite, try sqlite.ingest(pages))
        let right = try Self.readBack(postgres, try postgres.ingest(pages))
        #expect(left.count == pages.reduce(0) { $0 + $1.page.articles.count })
        #expect(Set(left.keys) == Set(right.keys))
        for (key, (source, article)) in left {
            #expect(right[key]?.0 == source, "\(key): the page source differs between the stores")
            #expect(right[key]?.1 == article, "\(key): the article differs between the stores")
        }
        #expect(right.values.contains { $0.0.kind == .image && $0.0.engine == "tesseract" && $0.1.quality.ocrConfidence != nil })
        #expect(right.values.contains { $0.0 == .text && $0.1.quality.ocrConfidence == nil })
    }

    @Test("migrate carries a scanned page's source, engine, version and confidences")
    func migratePageSource() throws {
        let server = try PostgresServer.require()
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let records = try Fixtures.seedRecords()
        let scan = PageSourceStoreTests.scanned(records[0])
        let outcomes = try sqlite.ingest([scan, records[1]])
        let postgres = try PostgresStore(try server.makeDatabase())
        #expect(try StoreMigration.run(from: sqlite, to: postgres) { _ in }.mismatches == [])
        let original = try Self.readBack(sqlite, outcomes)
        let copied = try Self.readBack(postgres, outcomes)
        #expect(Set(copied.keys) == Set(original.keys))
        for (key, (source, article)) in original {
            #expect(copied[key]?.0 == source, "\(key): migrate lost the page source")
            #expect(copied[key]?.1.quality == article.quality, "\(key): migrate lost the OCR confidence")
        }
        guard case .stored(let scanID, _) = outcomes[0] else { Issue.record("not stored: \(outcomes)"); return }
        let line = ExportedArticle(article: try #require(try postgres.articles(fileID: scanID).first)).jsonLine()
        #expect(line.contains("\"source_kind\":\"image\"") && line.contains("\"ocr_engine_version\":\"5.3.0\""))
    }
}
