#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteStore
import Testing

/// A small tmpfs mounted for one test (root only); unmounted when the value goes away.
final class SmallFilesystem: Sendable {
    let path: String

    init?(at path: String, size: String) {
        guard getuid() == 0 else { return nil }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]
        guard (try? mount.run()) != nil else { return nil }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return nil }
        self.path = path
    }

    /// Writes a filler file until the filesystem refuses (ENOSPC); returns its path.
    func fill() -> String {
        let filler = path + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let block = [UInt8](repeating: 0x55, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
        return filler
    }

    deinit {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = ["-l", path]
        if (try? umount.run()) != nil { umount.waitUntilExit() }
    }
}

@Suite("Faults: the store's disk fills up", .serialized)
struct DiskFullTests {
    @Test("files stay in the inbox, one log entry per episode, STATUS shows it, resumes when space returns",
          .timeLimit(.minutes(3)))
    func diskFull() async throws {
        let directory = TestDirectory()
        guard let disk = SmallFilesystem(at: directory.sub("small"), size: "16m") else {
            print("note: not root (or mount refused): the disk-full test needs a tmpfs and is skipped")
            return
        }
        let harness = DaemonHarness { config in
            config.store = directory.sub("small") + "/g.sqlite"
            config.inbox = directory.sub("inbox")
            config.processed = directory.sub("processed")
            config.failed = directory.sub("failed")
        }
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        let count = 40
        try await harness.run { daemon in
            // One page stored first: the store exists and works.
            try writeInPlace(uniquePage(5000), to: harness.inbox + "/first.txt")
            #expect(await eventually { daemon.status.figures.storedPages == 1 })

            let filler = disk.fill()
            for number in 0..<count {
                try writeInPlace(uniquePage(5001 + number), to: harness.inbox + "/full-\(number).txt")
            }
            // The problem shows in the status, the files wait in the inbox.
            let reported = await eventually(timeout: .seconds(20)) { daemon.status.figures.line.contains("; retrying: ") }
            #expect(reported, "\(daemon.status.figures.line)")
            try await Task.sleep(for: .seconds(3))  // several retries inside the episode
            #expect(harness.failedFiles.isEmpty, "a good page was quarantined for a full disk: \(harness.failedFiles)")
            let waiting = harness.inboxFiles.count
            #expect(waiting > 0, "nothing stayed in the inbox: the disk was not full?")
            #expect(harness.logs.count(of: GazetteEvent.transientError.messageID) == 1,
                    "logged \(harness.logs.count(of: GazetteEvent.transientError.messageID)) times in one episode")

            // Space returns: the daemon resumes on its own, and says so.
            try FileManager.default.removeItem(atPath: filler)
            let resumed = await eventually(timeout: .seconds(60)) {
                daemon.status.figures.storedPages == count + 1 && harness.inboxFiles.isEmpty
            }
            #expect(resumed, "\(daemon.status.figures.line); inbox \(harness.inboxFiles.count)")
            #expect(daemon.status.figures.problem == nil)
        }
        // Nothing lost, nothing doubled, nothing quarantined: every page stored once and moved.
        #expect(try harness.stats().pages == count + 1)
        #expect(harness.failedFiles.isEmpty)
        #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) >= 1)
        #expect(harness.processedFiles.count == count + 1)
        // Nothing half-written: the store passes verify.
        let report = try GazetteStore(path: harness.config.store).verify()
        #expect(report.isHealthy, "\(report.problems)")
    }
}
