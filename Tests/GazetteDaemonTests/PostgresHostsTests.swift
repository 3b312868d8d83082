#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteTestSupport
import Testing

extension DaemonTests {
    /// Issue #18's must-shows: real daemons (`gazette serve` as child processes) on a real
    /// PostgreSQL server — two hosts on one database, one of them killed and restarted, and
    /// the database stopped under a daemon and started again.
    @Suite("gazette serve on PostgreSQL")
    struct PostgresHostsTests {
        /// One host: a folder with its inbox, configuration and log, and its daemon.
        final class Host {
            let root: String
            let name: String
            let store: String
            let environment: [String: String]
            var daemon: ServeChild?

            init(_ directory: TestDirectory, _ name: String, store: String, environment: [String: String] = [:]) throws {
                root = directory.sub(name)
                self.name = name
                self.store = store
                self.environment = environment
                try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
                try writeServeConfig(root + "/gazette.toml", inbox: inbox, store: store)
            }

            var inbox: String { root + "/inbox" }
            var inboxFiles: [String] { FileManager.default.files(under: inbox).filter { !$0.hasPrefix(".") } }
            var processedFiles: [String] { FileManager.default.files(under: root + "/processed") }
            var failedFiles: [String] { FileManager.default.files(under: root + "/failed") }
            var log: String { (try? String(contentsOfFile: root + "/daemon.log", encoding: .utf8)) ?? "" }

            func start() throws {
                daemon = try ServeChild(
                    ["serve", "--config", root + "/gazette.toml", "--inbox", inbox, "--store", store, "--log", "stderr"],
                    log: root + "/daemon.log", environment: environment)
            }

            func drop(_ number: Int, as fileName: String) throws {
                try renameIn(PageMaker.page(number), to: inbox + "/" + fileName)
            }
        }

        static func requirements() throws -> PostgresServer {
            try #require(ServeChild.binaryExists, "build the gazette executable first")
            return try PostgresServer.require()
        }

        /// The SHA-256s PostgreSQL holds, and how many rows of files, articles and duplicates.
        static func contents(_ server: PostgresServer, _ url: String) throws -> (shas: Set<String>, files: Int, duplicates: Int) {
            let database = PostgresServer.database(of: url)
            let shas = try server.psql(database, "SELECT sha256 FROM files").split(separator: "\n").map(String.init)
            let duplicates = Int(try server.psql(database, "SELECT count(*) FROM duplicates")) ?? -1
            return (Set(shas), shas.count, duplicates)
        }

        @Test("two daemons, two inboxes, one database: 1,000 pages split, 100 on both; one killed -9 mid-run and restarted: each page stored once, the 100 are duplicates on one side, verify passes")
        func twoHosts() async throws {
            let server = try Self.requirements()
            let url = try server.makeDatabase()
            let directory = TestDirectory()
            let hosts = [try Host(directory, "a", store: url), try Host(directory, "b", store: url)]
            for host in hosts { try host.start() }
            defer { for host in hosts { host.daemon?.crash() } }

            let distinct = 1_000, shared = 100
            var expected = Set<String>()
            // Distinct pages alternate between the hosts; the shared ones go to both, under each host's own name.
            func drop(_ numbers: Range<Int>) throws {
                for number in numbers {
                    expected.insert(sha256Hex(PageMaker.page(number)))
                    if number < distinct {
                        try hosts[number % 2].drop(number, as: "p-\(number).txt")
                    } else {
                        for host in hosts { try host.drop(number, as: "\(host.name)-shared-\(number).txt") }
                    }
                }
            }
            // Half of each kind, then host a is killed while it works through them.
            try drop(0..<distinct / 2)
            try drop(distinct..<distinct + shared / 2)
            let working = await eventually(timeout: .seconds(120)) { hosts[0].processedFiles.count >= 50 }
            try #require(working, "host a stored nothing: \(hosts[0].log.suffix(2_000))")
            hosts[0].daemon?.crash()
            try drop(distinct / 2..<distinct)
            try drop(distinct + shared / 2..<distinct + shared)
            try hosts[0].start()

            let drained = await eventually(timeout: .seconds(600)) { hosts.allSatisfy { $0.inboxFiles.isEmpty } }
            for host in hosts {
                #expect(await host.daemon?.stop() == true, "host \(host.name) did not exit cleanly: \(host.log.suffix(2_000))")
            }
            #expect(drained, "inboxes still hold \(hosts.map(\.inboxFiles.count))")
            for host in hosts {
                #expect(host.failedFiles == [], "host \(host.name) quarantined pages: \(host.log.suffix(2_000))")
                #expect(host.processedFiles.count == distinct / 2 + shared, "host \(host.name)")
            }
            let stored = try Self.contents(server, url)
            #expect(stored.files == distinct + shared, "every page stored exactly once")
            #expect(stored.shas == expected)
            #expect(stored.duplicates == shared, "each shared page is a duplicate on exactly one side")
            let database = PostgresServer.database(of: url)
            #expect(try server.psql(database, "SELECT count(DISTINCT file_id) FROM duplicates") == "\(shared)")
            #expect(try server.psql(database, "SELECT count(*) FROM duplicates WHERE name NOT LIKE '%-shared-%'") == "0")
            let verify = try await ServeChild.run(["verify", "--store", url])
            #expect(verify.status == 0, "\(verify.output)")
        }

        @Test("the database stopped during ingest and started again: nothing lost, nothing quarantined, the daemon resumes by itself, one unreachable episode")
        func databaseRestart() async throws {
            try #require(ServeChild.binaryExists, "build the gazette executable first")
            let server = try PostgresServer.requireDedicated()
            defer { server.remove() }
            let url = try server.makeDatabase()
            let directory = TestDirectory()
            let socket = try NotifySocket(path: directory.sub("notify.sock"))
            let host = try Host(directory, "host", store: url, environment: ["NOTIFY_SOCKET": socket.path])
            try host.start()
            defer { host.daemon?.crash() }
            var statuses: [String] = []
            try #require(socket.wait(for: { $0.contains("READY=1") }, timeout: .seconds(60), log: &statuses) != nil,
                         "\(host.log.suffix(2_000))")

            let before = 0..<100, during = 100..<200
            for number in before { try host.drop(number, as: "p-\(number).txt") }
            let working = await eventually(timeout: .seconds(120)) { host.processedFiles.count >= 20 }
            try #require(working, "\(host.log.suffix(2_000))")
            try server.stop()
            for number in during { try host.drop(number, as: "p-\(number).txt") }

            // The daemon says so, and keeps every page it could not store.
            let said = socket.wait(for: { $0.contains("STATUS=") && $0.localizedCaseInsensitiveContains("unreachable") },
                                   timeout: .seconds(60), log: &statuses)
            #expect(said != nil, "no STATUS said the database is unreachable: \(statuses.suffix(5))")
            #expect(!host.inboxFiles.isEmpty)
            #expect(host.failedFiles == [])
            #expect(host.daemon?.isRunning == true)

            try server.start()
            let drained = await eventually(timeout: .seconds(300)) { host.inboxFiles.isEmpty }
            // STATUS back to normal after the episode.
            let resumed = socket.wait(for: { $0.contains("STATUS=") && !$0.localizedCaseInsensitiveContains("unreachable") },
                                      timeout: .seconds(30), log: &statuses)
            #expect(await host.daemon?.stop() == true, "\(host.log.suffix(2_000))")
            #expect(drained, "the daemon did not resume: \(host.inboxFiles.count) pages left; \(host.log.suffix(2_000))")
            #expect(resumed != nil, "\(statuses.suffix(5))")
            #expect(host.failedFiles == [], "pages quarantined while the database was down")
            #expect(host.processedFiles.count == before.count + during.count)
            let stored = try Self.contents(server, url)
            #expect(stored.files == before.count + during.count)
            #expect(stored.shas == Set((before.lowerBound..<during.upperBound).map { sha256Hex(PageMaker.page($0)) }))
            #expect(stored.duplicates == 0)
            // One journal entry when the episode starts and one when it ends, however many attempts between.
            let log = host.log.split(separator: "\n")
            let unreachable = log.filter { Self.startsEpisode($0) }
            let reachable = log.filter { Self.endsEpisode($0) }
            #expect(unreachable.count == 1, "\(unreachable)")
            #expect(reachable.count == 1, "\(reachable)")
        }

        /// The daemon's journal line that opens a store episode (GazetteEvent.transientError),
        /// here for the database that cannot be reached.
        static func startsEpisode(_ line: Substring) -> Bool {
            line.contains("the store cannot take pages now") && line.contains("cannot be reached")
        }

        /// The line that closes it (GazetteEvent.transientRecovered).
        static func endsEpisode(_ line: Substring) -> Bool {
            line.contains("recovered; processing resumes") && line.contains("unreachable")
        }
    }
}
