#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteStore
import Testing

/// Odd ways for files to arrive: slowly, briefly, all at once, under a reused name.
@Suite("Hostile input: slow, vanishing, reused and massed arrivals", .serialized)
struct ArrivalTests {
    static let long = ProcessInfo.processInfo.environment["GAZETTE_LONG"] == "1"

    @Test("inotify mode: a file written slowly in place is taken only once complete", .timeLimit(.minutes(2)))
    func slowWriterInotify() async throws {
        let harness = DaemonHarness { $0.quietPeriod = .milliseconds(800) }
        let page = Data(Hostile.page("slow").utf8)
        let path = harness.inbox + "/slow.txt"
        try await harness.run { daemon in
            // One open for the whole write, as a slow producer does: no close-write until the end.
            // (A producer that creates, closes and reopens the file gets a close-write for the
            // empty file, and the daemon may take it early; that producer should rename in.)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            try #require(fd >= 0)
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            let step = page.count / 6 + 1
            for start in stride(from: 0, to: page.count, by: step) {
                try handle.write(contentsOf: page.subdata(in: start..<min(page.count, start + step)))
                try await Task.sleep(for: .milliseconds(250))  // pauses shorter than the quiet period
                #expect(FileManager.default.fileExists(atPath: path), "taken while still open for writing")
            }
            try handle.close()
            #expect(await eventually { daemon.status.figures.storedPages == 1 })
        }
        let files = try GazetteStore(path: harness.config.store, readOnly: true).files()
        #expect(files.map(\.sha256) == [sha256Hex(page)], "the stored bytes are not the whole file")
    }

    @Test("files deleted right after they are written: nothing stored, nothing quarantined, no error",
          .timeLimit(.minutes(2)))
    func deletedBetweenEventAndOpen() async throws {
        let harness = DaemonHarness()
        try await harness.run { daemon in
            for number in 0..<200 {
                let path = harness.inbox + "/gone-\(number).txt"
                try writeInPlace(uniquePage(7000 + number), to: path)
                try FileManager.default.removeItem(atPath: path)
            }
            try writeInPlace(uniquePage(7999), to: harness.inbox + "/kept.txt")
            #expect(await eventually(timeout: .seconds(30)) { harness.inboxFiles.isEmpty && daemon.status.figures.queue == 0 })
            try await Task.sleep(for: .milliseconds(500))
            let figures = daemon.status.figures
            #expect(figures.failed == 0 && figures.problem == nil, "\(figures.line)")
            #expect(figures.storedPages >= 1)
        }
        #expect(harness.failedFiles.isEmpty)
        #expect(harness.logs.count(of: GazetteEvent.transientError.messageID) == 0)
        #expect(harness.processedFiles.count == (try harness.stats().pages))
    }

    @Test("the same name used again for a new page: both kept, neither overwritten", .timeLimit(.minutes(2)))
    func sameNameTwice() async throws {
        let harness = DaemonHarness()
        let first = Data(Hostile.page("first edition").utf8), second = Data(Hostile.page("second edition").utf8)
        try await harness.run { daemon in
            try writeInPlace(first, to: harness.inbox + "/p1.txt")
            #expect(await eventually { daemon.status.figures.storedPages == 1 && harness.inboxFiles.isEmpty })
            try writeInPlace(second, to: harness.inbox + "/p1.txt")
            #expect(await eventually { daemon.status.figures.storedPages == 2 && harness.inboxFiles.isEmpty })
        }
        let kept = harness.processedFiles.map { try? Data(contentsOf: URL(fileURLWithPath: harness.processed + "/" + $0)) }
        #expect(kept.count == 2)
        #expect(Set(kept.compactMap { $0 }) == [first, second])
    }

    @Test("many files dropped at once (1,000; 10,000 with GAZETTE_LONG=1): all stored, once",
          .timeLimit(.minutes(30)))
    func massDrop() async throws {
        let count = Self.long ? 10_000 : 1_000
        let harness = DaemonHarness { $0.batchSize = 128 }
        // Written beside the inbox, then renamed in as fast as the kernel allows.
        let staging = harness.directory.sub("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for number in 0..<count { try uniquePage(20_000 + number).write(to: URL(fileURLWithPath: staging + "/m-\(number).txt")) }
        try await harness.run { daemon in
            for number in 0..<count { rename(staging + "/m-\(number).txt", harness.inbox + "/m-\(number).txt") }
            let done = await eventually(timeout: .seconds(Self.long ? 1500 : 300)) {
                daemon.status.figures.storedPages == count && harness.inboxFiles.isEmpty
            }
            #expect(done, "\(daemon.status.figures.line)")
        }
        let files = try GazetteStore(path: harness.config.store, readOnly: true).files()
        #expect(files.count == count && Set(files.map(\.sha256)).count == count)
        #expect(harness.processedFiles.count == count)
    }
}
