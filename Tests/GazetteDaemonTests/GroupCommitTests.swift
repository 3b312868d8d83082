import Foundation
@testable import GazetteDaemon
import GazetteTestSupport
import Testing

extension DaemonTests {
    /// Batches exist to share one fsync among many files, never to make a file wait: with
    /// `batch_delay_ms` set to a minute, files must still be stored as soon as nothing else
    /// is on its way. (Before group commit a lone page waited the whole delay.)
    @Suite("Daemon: group commit")
    struct GroupCommitTests {
        @Test("a page dropped into a quiet inbox is committed without waiting for batch_delay")
        func lonePageDoesNotWait() async throws {
            let harness = DaemonHarness { $0.batchDelay = .seconds(60) }
            try await harness.run { daemon in
                try renameIn(Seeds.bytes(Seeds.names[1]), to: harness.inbox + "/lone.txt")
                let done = await eventually(timeout: .seconds(20)) { daemon.status.figures.storedPages == 1 }
                #expect(done, "still waiting after 20 s: \(daemon.status.figures.line)")
            }
            #expect(harness.inboxFiles.isEmpty)
        }

        @Test("a burst larger than a batch is stored in full without waiting for batch_delay")
        func burstDoesNotWait() async throws {
            let harness = DaemonHarness {
                $0.batchDelay = .seconds(60)
                $0.batchSize = 4
            }
            try await harness.run { daemon in
                for index in 0..<15 {
                    var bytes = Seeds.bytes(Seeds.names[index % Seeds.names.count])
                    bytes.append(contentsOf: Array("\n\n第\(index)版".utf8))  // distinct pages
                    try renameIn(bytes, to: harness.inbox + "/burst-\(index).txt")
                }
                let done = await eventually(timeout: .seconds(20)) { daemon.status.figures.storedPages == 15 }
                #expect(done, "still waiting after 20 s: \(daemon.status.figures.line)")
            }
            #expect(harness.inboxFiles.isEmpty)
            #expect(try harness.stats().pages == 15)
        }
    }
}
