import Foundation
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import GRDB
import Testing

extension DaemonTests {
    /// A page the store refuses for good must not sit in the inbox being retried for ever:
    /// it is quarantined with the store's reason, and the rest of its batch is stored.
    @Suite("Daemon: a page the store refuses")
    struct StoreRefusalTests {
        @Test("is quarantined as store-refused; its batch-mates are stored")
        func refusedPageIsQuarantined() async throws {
            let harness = DaemonHarness { $0.batchDelay = .seconds(2) }
            // A real constraint in the real store file: a trigger that aborts one file's row.
            _ = try GazetteStore(path: harness.config.store)
            let queue = try DatabaseQueue(path: harness.config.store)
            try await queue.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER poison BEFORE INSERT ON files WHEN NEW.name LIKE '%poison%'
                    BEGIN SELECT RAISE(ABORT, 'test: this page breaks a rule'); END
                    """)
            }
            try queue.close()

            try await harness.run { daemon in
                try renameIn(Seeds.bytes(Seeds.names[0]), to: harness.inbox + "/good.txt")
                try renameIn(Seeds.bytes(Seeds.names[1]), to: harness.inbox + "/poison.txt")
                let done = await eventually(timeout: .seconds(20)) {
                    daemon.status.figures.storedPages == 1 && daemon.status.figures.failed == 1
                }
                #expect(done, "\(daemon.status.figures.line)")
            }
            #expect(harness.inboxFiles.isEmpty, "nothing left to retry for ever: \(harness.inboxFiles)")
            #expect(harness.failedFiles == ["poison.txt", "poison.txt.reason.json"])
            let reason = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: harness.failed + "/poison.txt.reason.json"))) as? [String: Any]
            #expect(reason?["code"] as? String == "store-refused")
            #expect((reason?["message"] as? String)?.contains("this page breaks a rule") == true)
            #expect(try harness.stats().pages == 1)
        }
    }
}
