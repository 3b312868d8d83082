import Foundation
import GazetteTestSupport
import GRDB
import GazetteCore
import Testing
@testable import GazetteStore

@Suite("Store write path")
struct StoreWriteTests {
    @Test("the writer runs with synchronous=FULL in WAL mode")
    func fullSync() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        #expect(try store.writerSynchronous() == 2)
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == StoreSchema.migrator.migrations)
    }

    @Test("ingesting the seeds twice stores each page once")
    func seedsTwice() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let records = try Fixtures.seedRecords()
        #expect(records.count == 5)
        let first = try store.ingest(records)
        let storedIDs = first.compactMap { outcome -> Int64? in
            if case .stored(let id, let articles) = outcome, !articles.isEmpty { return id }
            return nil
        }
        #expect(storedIDs.count == 5)
        // The same files again (same names): each is its own stored copy, not a duplicate.
        let second = try store.ingest(records)
        #expect(second == storedIDs.map { IngestOutcome.alreadyStored(fileID: $0) })
        // The same bytes under other names: duplicates, recorded as such.
        let renamed = records.map { record in
            var copy = record
            copy.fileName = "again-" + record.fileName
            return copy
        }
        let third = try store.ingest(renamed)
        #expect(third == storedIDs.map { IngestOutcome.duplicate(ofFileID: $0) })
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM files"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM articles"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM duplicates"))
        }
        #expect(counts.0 == 5)
        #expect(counts.1 == records.reduce(0) { $0 + $1.page.articles.count })
        #expect(counts.2 == 5)
    }

    @Test("the same bytes under a new name, in the same batch, are a duplicate")
    func sameBytesNewName() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let bytes = [UInt8](try Data(contentsOf: Fixtures.seedURLs[0]))
        let a = try Fixtures.record(bytes: bytes, name: "a.txt")
        let b = try Fixtures.record(bytes: bytes, name: "renamed/b.txt", source: "other")
        let outcomes = try store.ingest([a, b])
        guard case .stored(let id, _) = outcomes[0] else {
            Issue.record("first copy not stored: \(outcomes)")
            return
        }
        #expect(outcomes[1] == .duplicate(ofFileID: id))
        let names = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM duplicates") }
        #expect(names == ["renamed/b.txt"])
    }

    @Test("a batch that fails part-way writes nothing")
    func batchAtomic() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        var records = try Fixtures.seedRecords()
        // Page 3 carries two articles with the same seq: the UNIQUE(file_id, seq) constraint
        // fails after pages 0-2 were inserted inside the transaction.
        let article = records[3].page.articles[0]
        records[3].page.articles = [article, article]
        do {
            _ = try store.ingest(records)
            Issue.record("a page breaking UNIQUE(file_id, seq) was stored")
        } catch {
            guard case .constraint = error else { Issue.record("expected .constraint, got \(error)"); return }
            #expect(!error.isTransient)
        }
        let rows = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM articles) + (SELECT count(*) FROM search_text_docsize)")
        }
        #expect(rows == 0)
        records[3].page.articles = [article]
        #expect(try store.ingest(records).count == 5)
    }

    @Test("an empty SHA-256 is refused")
    func emptySHA() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        var records = try Fixtures.seedRecords()
        records[1].page.sha256 = ""
        #expect(throws: StoreError.self) { try store.ingest(records) }
    }

    @Test("failures are recorded")
    func failures() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        try store.recordFailure(FailureRecord(
            fileName: "x.bin", sha256: nil, size: 12, code: "binary", message: "not text", at: Date()))
        #expect(try store.read { db in try String.fetchAll(db, sql: "SELECT code FROM failures") } == ["binary"])
    }
}
