import Foundation
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import Testing

extension DaemonTests {
    @Suite("Daemon: files in, pages stored, inbox emptied")
    struct DaemonIntakeTests {
        @Test("the five seeds, written in place and renamed in, are stored quickly and the inbox ends empty")
        func seeds() async throws {
            let harness = DaemonHarness()
            #expect(Seeds.names.count == 5)
            let elapsed = try await harness.run { daemon in
                let start = ContinuousClock.now
                for (index, name) in Seeds.names.enumerated() {
                    if index % 2 == 0 {
                        try writeInPlace(Seeds.bytes(name), to: harness.inbox + "/" + name)
                    } else {
                        try renameIn(Seeds.bytes(name), to: harness.inbox + "/" + name)
                    }
                }
                let done = await eventually { daemon.status.figures.storedPages == 5 && harness.inboxFiles.isEmpty }
                #expect(done, "\(daemon.status.figures.line); inbox: \(harness.inboxFiles)")
                return ContinuousClock.now - start
            }
            print("five seeds stored and moved in \(elapsed)")
            #expect(harness.processedFiles.map { $0.split(separator: "/").last.map(String.init) ?? "" }.sorted() == Seeds.names)
            let stats = try harness.stats()
            #expect(stats.pages == 5)
            #expect(stats.byTopic.values.reduce(0, +) == stats.articles, "every stored article is classified")
            #expect(harness.logs.count(of: GazetteEvent.fileStored.messageID) == 5)
            let articles = try harness.stats().articles
            #expect(harness.logs.count(of: GazetteEvent.articleStored.messageID) == articles)
        }

        @Test("junk lands in failed/ with a reason file; the store records the failure")
        func junk() async throws {
            let harness = DaemonHarness()
            try await harness.run { daemon in
                try writeInPlace(Data(), to: harness.inbox + "/empty.txt")
                var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                png.append(Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
                try writeInPlace(png, to: harness.inbox + "/scan.png")
                let done = await eventually { daemon.status.figures.failed == 2 }
                #expect(done, "\(daemon.status.figures.line)")
            }
            #expect(harness.inboxFiles.isEmpty)
            #expect(harness.failedFiles == ["empty.txt", "empty.txt.reason.json", "scan.png", "scan.png.reason.json"])
            let reason = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: harness.failed + "/empty.txt.reason.json"))) as? [String: Any]
            #expect(reason?["code"] as? String == "empty")
            #expect((reason?["advice"] as? String)?.isEmpty == false)
            #expect(reason?["size"] as? Int == 0)
            #expect(try harness.stats().failed == 2)
            #expect(harness.logs.count(of: GazetteEvent.quarantined.messageID) == 2)
        }

        @Test("a page in a subfolder is stored with the subfolder as its source")
        func subfolderSource() async throws {
            let harness = DaemonHarness()
            try await harness.run { daemon in
                try await Task.sleep(for: .milliseconds(50))
                try FileManager.default.createDirectory(atPath: harness.inbox + "/江门日报", withIntermediateDirectories: false)
                try writeInPlace(Seeds.bytes(Seeds.names[0]), to: harness.inbox + "/江门日报/p1.txt")
                let done = await eventually { daemon.status.figures.storedPages == 1 }
                #expect(done)
            }
            let stats = try harness.stats()
            #expect(stats.pages == 1)
            #expect(stats.bySource["江门日报"] == stats.articles, "by_source counts the page's articles")
            #expect(harness.processedFiles.count == 1)
            #expect(harness.processedFiles.first?.hasSuffix("/江门日报/p1.txt") == true)
        }

        @Test("symlinks and FIFOs are refused with a reason, and the daemon keeps going")
        func oddFiles() async throws {
            let harness = DaemonHarness()
            try await harness.run { daemon in
                try FileManager.default.createSymbolicLink(atPath: harness.inbox + "/shadow.txt", withDestinationPath: "/etc/shadow")
                #expect(mkfifo(harness.inbox + "/fifo.txt", 0o644) == 0)
                try writeInPlace(Seeds.bytes(Seeds.names[1]), to: harness.inbox + "/good.txt")
                let done = await eventually { daemon.status.figures.failed == 2 && daemon.status.figures.storedPages == 1 }
                #expect(done, "\(daemon.status.figures.line)")
            }
            #expect(harness.inboxFiles.isEmpty)
            let codes = try ["shadow.txt", "fifo.txt"].map { name in
                let json = try Data(contentsOf: URL(fileURLWithPath: harness.failed + "/\(name).reason.json"))
                return (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["code"] as? String
            }
            #expect(codes == ["symlink", "fifo"])
        }

        @Test("the same bytes under two names: one stored, one duplicate, both moved")
        func duplicates() async throws {
            let harness = DaemonHarness()
            try await harness.run { daemon in
                try writeInPlace(Seeds.bytes(Seeds.names[2]), to: harness.inbox + "/a.txt")
                _ = await eventually { daemon.status.figures.storedPages == 1 }
                try writeInPlace(Seeds.bytes(Seeds.names[2]), to: harness.inbox + "/b.txt")
                let done = await eventually { daemon.status.figures.duplicates == 1 }
                #expect(done)
            }
            #expect(harness.inboxFiles.isEmpty)
            #expect(harness.processedFiles.count == 2)
            #expect(try harness.stats().pages == 1)
            #expect(harness.logs.count(of: GazetteEvent.duplicate.messageID) == 1)
        }

        @Test("a file left in the inbox after its commit (a crash before the move) is moved once on restart")
        func restartAfterCrash() async throws {
            let harness = DaemonHarness()
            let page = Seeds.bytes(Seeds.names[3])
            try await harness.run { daemon in
                try writeInPlace(page, to: harness.inbox + "/p.txt")
                _ = await eventually { daemon.status.figures.storedPages == 1 && harness.inboxFiles.isEmpty }
            }
            // As if the daemon had died between the commit and the rename.
            try page.write(to: URL(fileURLWithPath: harness.inbox + "/p.txt"))
            try await harness.run { daemon in
                let done = await eventually { harness.inboxFiles.isEmpty }
                #expect(done, "\(daemon.status.figures.line)")
                #expect(daemon.status.figures.duplicates == 0, "its own stored copy is not a duplicate")
            }
            #expect(try harness.stats().pages == 1)
            #expect(try harness.stats().duplicates == 0)
            #expect(harness.processedFiles.count == 2)
            #expect(Set(harness.processedFiles.map { String($0.split(separator: "/").last!) }) == ["p.txt", "p.2.txt"])
        }

        @Test("a second daemon on the same store refuses at once, naming the first one's PID")
        func oneDaemonPerStore() throws {
            let harness = DaemonHarness()
            let first = try harness.makeDaemon()
            do {
                _ = try harness.makeDaemon()
                Issue.record("a second daemon started")
            } catch {
                guard case .alreadyRunning(let pid, _) = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(pid == "\(getpid())")
                #expect(error.description.contains("PID \(getpid())"))
            }
            withExtendedLifetime(first) {}
        }

        @Test("a second daemon on the same inbox, with another store, refuses at once, naming the first one's PID")
        func oneDaemonPerInbox() throws {
            let harness = DaemonHarness()
            var other = harness.config
            other.store = harness.directory.sub("other.sqlite")
            do {
                let first = try harness.makeDaemon()
                do {
                    _ = try Daemon(config: other, logger: harness.logs.logger)
                    Issue.record("a second daemon started on the same inbox")
                } catch {
                    #expect(error.description.contains("inbox \(harness.inbox)"), "\(error)")
                    #expect(error.description.contains("PID \(getpid())"), "\(error)")
                }
                withExtendedLifetime(first) {}
            }
            // Once the first has gone, the inbox is free again.
            #expect(throws: Never.self) { _ = try Daemon(config: other, logger: harness.logs.logger) }
        }

        @Test("a corrupt store: the daemon refuses to start and leaves the file untouched")
        func corruptStore() throws {
            let harness = DaemonHarness()
            let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            try garbage.write(to: URL(fileURLWithPath: harness.config.store))
            do {
                _ = try harness.makeDaemon()
                Issue.record("started on a corrupt store")
            } catch {
                guard case .store = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(error.description.contains("refusing to start"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: harness.config.store)) == garbage)
        }
    }
}
