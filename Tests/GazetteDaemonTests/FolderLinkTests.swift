import Foundation
@testable import GazetteDaemon
import GazetteTestSupport
import Testing

extension DaemonTests {
    /// Operators put a daemon's folders on another disk through a link (`/var/lib/gazette`
    /// → `/data/gazette`): the daemon must start there as in a plain folder.
    @Suite("Daemon: configured folders reached through links", .serialized)
    struct FolderLinkTests {
        @Test("a store folder and an inbox that are links to directories: the daemon starts and stores a page",
              .timeLimit(.minutes(1)))
        func linkedFolders() async throws {
            let directory = TestDirectory()
            let real = directory.sub("real")
            try FileManager.default.createDirectory(atPath: real + "/inbox", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: real + "/data", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: directory.sub("inbox"), withDestinationPath: real + "/inbox")
            try FileManager.default.createSymbolicLink(atPath: directory.sub("data"), withDestinationPath: real + "/data")
            var harness = DaemonHarness()
            harness.config.inbox = directory.sub("inbox")
            harness.config.processed = directory.sub("processed")
            harness.config.failed = directory.sub("failed")
            harness.config.store = directory.sub("data") + "/gazette.sqlite"
            try await harness.run { daemon in
                try Seeds.bytes(Seeds.names[0]).write(to: URL(fileURLWithPath: real + "/inbox/a.txt"))
                #expect(await eventually(timeout: .seconds(20)) { daemon.status.figures.storedPages == 1 })
            }
            #expect(FileManager.default.fileExists(atPath: real + "/data/gazette.sqlite"))
        }
    }
}
