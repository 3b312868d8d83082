import Foundation
import GazetteCore
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import Synchronization
import Testing

/// A store on a database server that goes away (issue 18): the daemon must keep every file
/// in the inbox, say so once per episode and in STATUS, reconnect with back-off and go on
/// by itself, and never quarantine a page because the database was down. The server here
/// is a real SQLite store behind a switch that makes every call fail as an unreachable
/// server does (`StoreError.unreachable`); the real PostgreSQL runs are the store's tests.
@Suite("Faults: the database server unreachable (issue 18)", .serialized)
struct UnreachableStoreTests {
    /// Drops `count` distinct seed pages, from the `from`th on.
    static func drop(_ count: Int, from first: Int = 0, into inbox: String, prefix: String) throws {
        for (number, name) in Seeds.names.dropFirst(first).prefix(count).enumerated() {
            try writeInPlace(Seeds.bytes(name), to: inbox + "/\(prefix)-\(number).txt")
        }
    }

    @Test("the database goes down during ingest: files wait in the inbox, one entry per episode, STATUS says so, it resumes by itself",
          .timeLimit(.minutes(2)))
    func downDuringIngest() async throws {
        let harness = DaemonHarness()
        let server = SwitchedStore.Server(path: harness.config.store)
        let daemon = try Daemon(config: harness.config, store: server.opener, logger: harness.logs.logger)
        try await daemon.withRunning { daemon in
            try Self.drop(1, into: harness.inbox, prefix: "before")
            #expect(await eventually { daemon.status.figures.storedPages == 1 }, "\(daemon.status.figures.line)")

            server.isDown = true
            try Self.drop(3, from: 1, into: harness.inbox, prefix: "during")
            let reported = await eventually { daemon.status.figures.line.contains("unreachable") }
            #expect(reported, "\(daemon.status.figures.line)")
            #expect(await eventually { server.refusals >= 3 }, "several attempts")
            #expect(harness.logs.count(of: GazetteEvent.transientError.messageID) == 1, "one entry per episode")
            #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) == 0)
            #expect(harness.inboxFiles.count == 3, "every file stays in the inbox")
            #expect(harness.failedFiles.isEmpty, "never quarantined because the database was down")

            server.isDown = false
            let resumed = await eventually {
                daemon.status.figures.storedPages == 4 && harness.inboxFiles.isEmpty
            }
            #expect(resumed, "\(daemon.status.figures.line); inbox \(harness.inboxFiles)")
            #expect(await eventually { daemon.status.figures.problem == nil })
        }
        #expect(harness.logs.count(of: GazetteEvent.transientError.messageID) == 1)
        #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) == 1)
        #expect(harness.failedFiles.isEmpty)
        #expect(try harness.stats().pages == 4)
    }

    @Test("the database is down when the daemon starts: it starts anyway, says so, and connects by itself",
          .timeLimit(.minutes(2)))
    func downAtStart() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        try Self.drop(2, into: harness.inbox, prefix: "waiting")
        let server = SwitchedStore.Server(path: harness.config.store)
        server.isDown = true
        let daemon = try Daemon(config: harness.config, store: server.opener, logger: harness.logs.logger)
        try await daemon.withRunning { daemon in
            let reported = await eventually { daemon.status.figures.line.contains("unreachable") }
            #expect(reported, "\(daemon.status.figures.line)")
            #expect(await eventually { server.refusals >= 3 }, "it keeps trying")
            #expect(harness.inboxFiles.count == 2)
            #expect(harness.failedFiles.isEmpty)

            server.isDown = false
            let resumed = await eventually {
                daemon.status.figures.storedPages == 2 && harness.inboxFiles.isEmpty && daemon.status.figures.problem == nil
            }
            #expect(resumed, "\(daemon.status.figures.line); inbox \(harness.inboxFiles)")
        }
        #expect(harness.logs.count(of: GazetteEvent.transientError.messageID) == 1, "one entry per episode")
        #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) == 1)
    }

    @Test("two daemons share one database: no store lock, and bytes the other stored come back as a duplicate",
          .timeLimit(.minutes(2)))
    func twoDaemonsOneDatabase() async throws {
        let one = DaemonHarness("twoDaemons-one")
        var otherConfig = one.config
        otherConfig.inbox = one.directory.sub("inbox2")
        otherConfig.processed = one.directory.sub("processed2")
        otherConfig.failed = one.directory.sub("failed2")
        let server = SwitchedStore.Server(path: one.config.store)
        let first = try Daemon(config: one.config, store: server.opener, logger: one.logs.logger)
        let second = try Daemon(config: otherConfig, store: server.opener, logger: one.logs.logger)
        let page = Seeds.bytes(Seeds.names[0])
        try await first.withRunning { first in
            try writeInPlace(page, to: one.inbox + "/here.txt")
            #expect(await eventually { first.status.figures.storedPages == 1 && one.inboxFiles.isEmpty })
        }
        try await second.withRunning { second in
            try writeInPlace(page, to: otherConfig.inbox + "/there.txt")
            #expect(await eventually { second.status.figures.duplicates == 1 }, "\(second.status.figures.line)")
            #expect(await eventually { FileManager.default.files(under: otherConfig.inbox).isEmpty })
            #expect(second.status.figures.storedPages == 0)
        }
        #expect(try one.stats().pages == 1, "stored once")
    }
}

/// A real SQLite store behind a switch: while the server is down every call throws
/// `StoreError.unreachable`, as PostgreSQL's store does when the server is stopped.
final class SwitchedStore: ArticleStore {
    final class Server: Sendable {
        let path: String
        private let down = Atomic<Bool>(false)
        private let refused = Atomic<Int>(0)

        init(path: String) { self.path = path }

        var isDown: Bool {
            get { down.load(ordering: .sequentiallyConsistent) }
            set { down.store(newValue, ordering: .sequentiallyConsistent) }
        }

        /// Calls refused (opens and statements) so far.
        var refusals: Int { refused.load(ordering: .sequentiallyConsistent) }

        func check() throws(StoreError) {
            guard isDown else { return }
            refused.add(1, ordering: .sequentiallyConsistent)
            throw .unreachable(path: "switched://\(path)", detail: "the server is down (test switch)")
        }

        /// Opens like a database server: shared by many daemons, refused while down.
        var opener: StoreOpener {
            StoreOpener(location: "switched://\(path)", kind: .server) { () throws(StoreError) in
                try self.check()
                return SwitchedStore(server: self, store: try GazetteStore(path: self.path))
            }
        }
    }

    let server: Server
    let store: GazetteStore

    init(server: Server, store: GazetteStore) {
        self.server = server
        self.store = store
    }

    var location: String { "switched://\(store.path)" }

    func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome] {
        try server.check()
        return try store.ingest(pages)
    }

    func recordFailure(_ failure: FailureRecord) throws(StoreError) {
        try server.check()
        try store.recordFailure(failure)
    }

    func fileID(sha256: String) throws(StoreError) -> Int64? {
        try server.check()
        return try store.fileID(sha256: sha256)
    }

    func label(articleID: Int64, topic: String, at: Date) throws(StoreError) -> Int64 {
        try server.check()
        return try store.label(articleID: articleID, topic: topic, at: at)
    }

    func reclassify(since: Date?, batchSize: Int, at: Date,
                    _ classify: (Article) -> Classification?) throws(StoreError) -> ReclassifySummary {
        try server.check()
        return try store.reclassify(since: since, batchSize: batchSize, at: at, classify)
    }

    func search(_ query: SearchQuery, marks: (open: String, close: String)) throws(StoreError) -> [SearchHit] {
        try server.check()
        return try store.search(query, marks: marks)
    }

    func countMatches(_ query: SearchQuery, cap: Int?) throws(StoreError) -> Int {
        try server.check()
        return try store.countMatches(query, cap: cap)
    }

    func newestArticles(filteredBy query: SearchQuery, limit: Int, offset: Int) throws(StoreError) -> [StoredArticle] {
        try server.check()
        return try store.newestArticles(filteredBy: query, limit: limit, offset: offset)
    }

    func countArticles(filteredBy query: SearchQuery, cap: Int?) throws(StoreError) -> Int {
        try server.check()
        return try store.countArticles(filteredBy: query, cap: cap)
    }

    func article(id: Int64) throws(StoreError) -> StoredArticle? {
        try server.check()
        return try store.article(id: id)
    }

    func articles(fileID: Int64) throws(StoreError) -> [StoredArticle] {
        try server.check()
        return try store.articles(fileID: fileID)
    }

    func stats(recentFailures: Int) throws(StoreError) -> StoreStats {
        try server.check()
        return try store.stats(recentFailures: recentFailures)
    }

    func totals(recentFailures: Int) throws(StoreError) -> StoreTotals {
        try server.check()
        return try store.totals(recentFailures: recentFailures)
    }

    func overview(since: Date) throws(StoreError) -> StoreOverview {
        try server.check()
        return try store.overview(since: since)
    }

    func newestPages(limit: Int) throws(StoreError) -> [StoredPage] {
        try server.check()
        return try store.newestPages(limit: limit)
    }

    func exportArticles(since: Date?, until: Date?, _ body: (StoredArticle) throws -> Void) throws(StoreError) -> Int {
        try server.check()
        return try store.exportArticles(since: since, until: until, body)
    }

    func labelledArticles() throws(StoreError) -> [(article: StoredArticle, label: String)] {
        try server.check()
        return try store.labelledArticles()
    }

    func verify() throws(StoreError) -> VerifyReport {
        try server.check()
        return try store.verify()
    }

    func sizeInBytes() -> Int { store.sizeInBytes() }
}
