import Foundation
import GazetteCore
import GazetteStore
@testable import GazetteStorePostgres
import GazetteTestSupport
import Synchronization
import Testing

/// The PostgreSQL store under a daemon, on a real server: the server going away and coming
/// back, two hosts storing the same pages at once, transactions PostgreSQL aborts.
@Suite("PostgreSQL store: restarts, races, retries")
struct PostgresResilienceTests {
    /// Distinct small pages (the daemon tests' generator), parsed, named `prefix-N.txt`.
    static func records(_ numbers: Range<Int>, prefix: String) -> [PageRecord] {
        numbers.map { number in
            let bytes = PageMaker.page(number)
            let articles = [Article(seq: 1, headline: "第\(number)号稿件", paragraphs: [String(decoding: bytes, as: UTF8.self)])]
            return PageRecord(
                fileName: "\(prefix)-\(number).txt", source: nil, size: bytes.count, receivedAt: Date(),
                page: ParsedPage(sha256: sha256Hex(bytes), encoding: .utf8, articles: articles))
        }
    }

    @Test("the server stopped: every call fails as unreachable (transient); started again: the next call works on a new connection")
    func restart() throws {
        let server = try PostgresServer.requireDedicated()
        defer { server.remove() }
        let store = try PostgresStore(try server.makeDatabase())
        let pages = Self.records(0..<6, prefix: "r")
        _ = try store.ingest(Array(pages[0..<2]))

        try server.stop()
        for attempt in 0..<2 {
            #expect(throws: StoreError.self, "attempt \(attempt)") { try store.ingest([pages[2]]) }
            do {
                _ = try store.ingest([pages[2]])
            } catch {
                #expect(error.isUnreachable && error.isTransient, "\(error)")
            }
            do {
                _ = try store.totals(recentFailures: 0)
                Issue.record("a read succeeded with the server stopped")
            } catch {
                #expect(error.isUnreachable, "\(error)")
            }
        }
        try server.start()
        // The first call after the restart works: no dead connection is lent twice.
        let outcomes = try store.ingest(Array(pages[2..<4]))
        #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } }, "\(outcomes)")
        #expect(try store.totals(recentFailures: 0).pages == 4)

        // Restarted between two calls, with idle connections kept from before: still no error.
        _ = try store.search(SearchQuery(text: "稿件", limit: 10), marks: ("[", "]"))
        try server.stop()
        try server.start()
        #expect(try store.totals(recentFailures: 0).pages == 4)
        try server.stop()
        try server.start()
        #expect(try store.ingest([pages[4]]).count == 1)
        #expect(try store.verify().problems == [])
    }

    @Test("opening a store whose server is down is unreachable, telling the operator to check the server")
    func openWhileDown() throws {
        let server = try PostgresServer.requireDedicated()
        defer { server.remove() }
        let url = try server.makeDatabase()
        try server.stop()
        do {
            _ = try PostgresStore(url)
            Issue.record("opened a store with its server stopped")
        } catch {
            #expect(error.isUnreachable && error.isTransient, "\(error)")
            #expect(error.description.contains("check that PostgreSQL runs"), "\(error)")
        }
    }

    @Test("two hosts storing the same pages at once, in opposite orders: each page stored once, the other a duplicate, no error")
    func race() throws {
        let server = try PostgresServer.require()
        let url = try server.makeDatabase()
        let hosts = [try PostgresStore(url), try PostgresStore(url)]
        let count = 120
        // The same bytes under each host's own names; batches of 8, host 1 going backwards.
        let batches = [
            Array(Self.records(0..<count, prefix: "a")).chunked(8),
            Array(Self.records(0..<count, prefix: "b").reversed()).chunked(8),
        ]
        let outcomes = Mutex<[[String: IngestOutcome]]>([[:], [:]])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { host in
            for batch in batches[host] {
                do {
                    let results = try hosts[host].ingest(batch)
                    outcomes.withLock { all in
                        for (record, outcome) in zip(batch, results) { all[host][record.page.sha256] = outcome }
                    }
                } catch {
                    errors.withLock { $0.append("host \(host): \(error)") }
                }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let (first, second) = outcomes.withLock { ($0[0], $0[1]) }
        #expect(first.count == count && second.count == count)
        var storedOnce = 0
        for (sha256, left) in first {
            switch (left, second[sha256]) {
            case (.stored(let id, _), .duplicate(let of)?), (.duplicate(let of), .stored(let id, _)?):
                #expect(id == of)
                storedOnce += 1
            default:
                Issue.record("\(sha256): \(left) and \(String(describing: second[sha256]))")
            }
        }
        #expect(storedOnce == count)
        let database = PostgresServer.database(of: url)
        #expect(try server.psql(database, "SELECT count(*) FROM files") == "\(count)")
        #expect(try server.psql(database, "SELECT count(*) FROM duplicates") == "\(count)")
        #expect(try server.psql(database, "SELECT sum(duplicate_count) FROM files") == "\(count)")
        #expect(try hosts[0].verify().problems == [])
    }

    @Test("a batch holding the same bytes twice, and bytes stored before: one stored, the rest duplicates or the file itself again")
    func batchOutcomes() throws {
        let store = try PostgresStore(try PostgresServer.require().makeDatabase())
        let pages = Self.records(0..<3, prefix: "p")
        var again = pages[0]
        again.fileName = "other-name.txt"
        let first = try store.ingest([pages[0], pages[1], again, pages[0]])
        guard case .stored(let id0, let articles0) = first[0], case .stored(let id1, _) = first[1] else {
            Issue.record("\(first)")
            return
        }
        #expect(articles0.count == 1)
        #expect(first[2] == .duplicate(ofFileID: id0))
        #expect(first[3] == .alreadyStored(fileID: id0))
        let second = try store.ingest([pages[2], pages[1], again])
        #expect(second[1] == .alreadyStored(fileID: id1))
        #expect(second[2] == .duplicate(ofFileID: id0))
        let stored = try #require(try store.articles(fileID: id0).first)
        #expect(stored.id == articles0[0])
        #expect(try store.newestPages(limit: 10).first { $0.id == id0 }?.duplicateCount == 2)
    }

    @Test("a transaction PostgreSQL aborts to break a deadlock is run again, and both commit")
    func deadlockRetried() throws {
        let store = try PostgresStore(try PostgresServer.require().makeDatabase())
        guard case .stored(let x, _) = try store.ingest(Self.records(0..<1, prefix: "x"))[0],
            case .stored(let y, _) = try store.ingest(Self.records(1..<2, prefix: "y"))[0]
        else { Issue.record("not stored"); return }
        let runs = Mutex([0, 0])
        let bothLockedFirst = DispatchGroup()
        bothLockedFirst.enter()
        bothLockedFirst.enter()
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let (first, second) = side == 0 ? (x, y) : (y, x)
            do {
                try store.transaction { db throws(StoreError) in
                    let run = runs.withLock { runs in
                        runs[side] += 1
                        return runs[side]
                    }
                    try db.execute(SQL("UPDATE files SET duplicate_count = duplicate_count + 1 WHERE id = \(first)"))
                    if run == 1 {
                        // Each side holds one row and then asks for the other's: a deadlock.
                        bothLockedFirst.leave()
                        bothLockedFirst.wait()
                    }
                    try db.execute(SQL("UPDATE files SET duplicate_count = duplicate_count + 1 WHERE id = \(second)"))
                }
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        #expect(errors.withLock { $0 } == [])
        #expect(runs.withLock { $0 }.sorted() == [1, 2], "one side was aborted and ran again")
        let pages = try store.newestPages(limit: 10)
        #expect(pages.map(\.duplicateCount) == [2, 2])
    }

    @Test("which failures run a transaction again: serialization, deadlock, unique race; never a lost server or bad data",
          arguments: [
            ("40001", true), ("40P01", true), ("23505", true), ("23502", false), ("22P02", false), ("57P01", false),
            ("08006", false), ("53100", false),
          ])
    func retried(state: String, retried: Bool) {
        let error = PostgresErrors.map(state: state, message: "test", location: "postgresql://x@/y")
        #expect((PostgresErrors.retryPause(after: error, attempt: 1) != nil) == retried, "\(state): \(error)")
        #expect(PostgresErrors.retryPause(after: error, attempt: PostgresErrors.maxAttempts) == nil)
        if ["57P01", "08006"].contains(state) { #expect(error.isUnreachable && error.isTransient) }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
