import Foundation
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import Synchronization
import Testing

/// A unique page: a seed with a numbered line appended (new bytes, new SHA-256).
func uniquePage(_ number: Int) -> Data {
    var page = Seeds.bytes(Seeds.names[number % Seeds.names.count])
    page.append(Data("\n本报讯 第\(number)号\n".utf8))
    return page
}

extension DaemonTests {
    @Suite("Daemon: overflow, slow writers, vanished inbox, reload, shutdown", .serialized)
    struct DaemonFaultTests {
        @Test("flooding the inbox past the inotify queue still stores every file")
        func overflow() async throws {
            let harness = DaemonHarness()
            let (daemon, lowered) = try InotifyLimit.withTinyQueue { try harness.makeDaemon() }
            let queueLimit = Int((try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 16384
            let count = lowered ? 60 : queueLimit + 500
            let staging = harness.directory.sub("staging")
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            for number in 0..<count {
                try uniquePage(number).write(to: URL(fileURLWithPath: staging + "/flood-\(number).txt"))
            }
            try await daemon.withRunning { daemon in
                // Renames are fast enough to outrun the reading thread and overflow the tiny queue.
                for number in 0..<count {
                    rename(staging + "/flood-\(number).txt", harness.inbox + "/flood-\(number).txt")
                }
                let done = await eventually(timeout: .seconds(120)) {
                    daemon.status.figures.storedPages == count && harness.inboxFiles.isEmpty
                }
                #expect(done, "\(daemon.status.figures.line)")
            }
            #expect(try harness.stats().pages == count)
            #expect(harness.processedFiles.count == count)
            // Whether the kernel overflowed depends on scheduling; the watcher test below forces it.
            print("flood of \(count) files: \(harness.logs.count(of: GazetteEvent.overflowRescan.messageID)) overflow rescans")
        }

        @Test("poll mode: a file still being written is not taken until it has been quiet")
        func slowWriter() async throws {
            let harness = DaemonHarness { config in
                config.watch = .poll
                config.pollInterval = .milliseconds(100)
                config.quietPeriod = .milliseconds(700)
            }
            let page = Seeds.bytes(Seeds.names[4])
            let path = harness.inbox + "/slow.txt"
            try await harness.run { daemon in
                FileManager.default.createFile(atPath: path, contents: nil)
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                let chunks = stride(from: 0, to: page.count, by: page.count / 5 + 1).map {
                    page.subdata(in: $0..<min(page.count, $0 + page.count / 5 + 1))
                }
                for chunk in chunks {
                    try handle.write(contentsOf: chunk)
                    try await Task.sleep(for: .milliseconds(300))
                    #expect(FileManager.default.fileExists(atPath: path), "taken while still being written")
                }
                try handle.close()
                let done = await eventually { daemon.status.figures.storedPages == 1 }
                #expect(done)
            }
            let moved = try #require(harness.processedFiles.first)
            #expect(try Data(contentsOf: URL(fileURLWithPath: harness.processed + "/" + moved)) == page)
            #expect(harness.failedFiles.isEmpty)
        }

        @Test("the inbox removed and recreated: reported, waited for, watched again")
        func inboxRemoved() async throws {
            let harness = DaemonHarness()
            try await harness.run { daemon in
                _ = await eventually { harness.logs.count(of: GazetteEvent.ready.messageID) == 1 }
                try FileManager.default.removeItem(atPath: harness.inbox)
                let missing = await eventually { daemon.status.figures.inboxMissing }
                #expect(missing)
                #expect(harness.logs.count(of: GazetteEvent.inboxMissing.messageID) == 1)
                try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: false)
                let back = await eventually { !daemon.status.figures.inboxMissing }
                #expect(back)
                try writeInPlace(Seeds.bytes(Seeds.names[0]), to: harness.inbox + "/after.txt")
                let stored = await eventually { daemon.status.figures.storedPages == 1 }
                #expect(stored)
            }
            #expect(harness.logs.count(of: GazetteEvent.inboxRestored.messageID) == 1)
        }

        @Test("reload: an invalid file is rejected and the old configuration keeps running; a valid one applies")
        func reload() async throws {
            let harness = DaemonHarness()
            let file = harness.directory.sub("gazette.toml")
            try "inbox = \"\(harness.inbox)\"\nstore = \"\(harness.config.store)\"\nbatch_size = 64\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let daemon = try Daemon(config: harness.config, configFile: file, logger: harness.logs.logger)
            try await daemon.withRunning { daemon in
                try "batch_size = \"many\"\n".write(toFile: file, atomically: true, encoding: .utf8)
                #expect(!daemon.reload())
                #expect(daemon.settings.config == harness.config)
                #expect(harness.logs.count(of: GazetteEvent.reloadFailed.messageID) == 1)

                try "inbox = \"\(harness.inbox)\"\nstore = \"\(harness.config.store)\"\ntaxonomy = \"/nonexistent/taxonomy.toml\"\n"
                    .write(toFile: file, atomically: true, encoding: .utf8)
                #expect(!daemon.reload(), "a missing taxonomy keeps the running classifier")
                #expect(daemon.settings.config == harness.config)

                try "inbox = \"\(harness.inbox)\"\nstore = \"\(harness.config.store)\"\nbatch_size = 5\nlog_level = \"debug\"\n"
                    .write(toFile: file, atomically: true, encoding: .utf8)
                #expect(daemon.reload())
                #expect(daemon.settings.config.batchSize == 5)
                try writeInPlace(Seeds.bytes(Seeds.names[1]), to: harness.inbox + "/after-reload.txt")
                let stored = await eventually { daemon.status.figures.storedPages == 1 }
                #expect(stored)
            }
            #expect(harness.logs.count(of: GazetteEvent.reloaded.messageID) == 1)
        }

        @Test("graceful stop in the middle of a flood: every file is stored and moved, or still in the inbox")
        func stopMidFlood() async throws {
            let harness = DaemonHarness()
            let count = 60
            try await harness.run { daemon in
                for number in 0..<count {
                    try writeInPlace(uniquePage(1000 + number), to: harness.inbox + "/f-\(number).txt")
                }
                _ = await eventually { daemon.status.figures.storedPages >= 10 }
            }
            let stored = try harness.stats().pages
            #expect(harness.processedFiles.count == stored)
            #expect(harness.inboxFiles.count + stored == count)
            #expect(harness.failedFiles.isEmpty)
            // The next start finishes the job, exactly once.
            try await harness.run { daemon in
                let done = await eventually(timeout: .seconds(60)) { harness.inboxFiles.isEmpty }
                #expect(done)
            }
            #expect(try harness.stats().pages == count)
            #expect(harness.processedFiles.count == count)
        }

        @Test("sd_notify messages in order: READY, STATUS, STOPPING")
        func notifications() async throws {
            let harness = DaemonHarness()
            let notifier = CollectingNotifier()
            try await harness.run(notifier: notifier) { daemon in
                try writeInPlace(Seeds.bytes(Seeds.names[0]), to: harness.inbox + "/n.txt")
                let status = await eventually { notifier.all.contains { $0.contains("STATUS=stored 1 pages") } }
                #expect(status, "\(notifier.all)")
            }
            let messages = notifier.all
            #expect(messages.first?.hasPrefix("READY=1") == true)
            #expect(messages.last?.hasPrefix("STOPPING=1") == true)
        }
    }
}

/// Keeps every notification, one string per datagram.
final class CollectingNotifier: StatusNotifier {
    private let messages = Mutex<[String]>([])
    let watchdogInterval: Duration?

    init(watchdogInterval: Duration? = nil) {
        self.watchdogInterval = watchdogInterval
    }

    var all: [String] { messages.withLock { $0 } }

    func send(_ assignments: [String]) -> Bool {
        messages.withLock { $0.append(assignments.joined(separator: "\n")) }
        return true
    }
}
