#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteStore
import Testing

/// A page is stored but cannot leave the inbox: `processed/` is a file, its day folder is
/// immutable, or a producer's top-level file took the name of a paper's folder. The page
/// must be stored once (no duplicate rows piling up), its move retried with back-off and
/// logged once, and it must land as soon as it can; a name collision is resolved at once.
@Suite("Faults: a stored page that cannot be moved (issue 14)", .serialized)
struct UnmovableTests {
    /// `processed/Y/M/D` for now, as the daemon names it (local time).
    static var today: String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%04d/%02d/%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
    }

    static func chattr(_ flag: String, _ path: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("a top-level file named like a paper folder: the folder's pages go to a numbered folder",
          .timeLimit(.minutes(2)))
    func folderNameTakenByAFile() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        try await harness.run { daemon in
            try writeInPlace(Data(Hostile.page("a file named like a paper").utf8), to: harness.inbox + "/江门日报")
            #expect(await eventually(timeout: .seconds(20)) { harness.processedFiles.count == 1 })
            try FileManager.default.createDirectory(atPath: harness.inbox + "/江门日报", withIntermediateDirectories: false)
            try writeInPlace(Data(Hostile.page("page one").utf8), to: harness.inbox + "/江门日报/p1.txt")
            let drained = await emptied(harness.inbox, timeout: .seconds(20))
            #expect(drained, "\(daemon.status.figures.line)")
        }
        let day = Self.today
        #expect(listing(harness.processed) == ["\(day)/江门日报", "\(day)/江门日报.2/p1.txt"])
        let stats = try harness.stats()
        #expect(stats.pages == 2)
        #expect(stats.duplicates == 0)
        #expect(harness.logs.count(of: GazetteEvent.dispositionFailed.messageID) == 0)
    }

    @Test("processed/ replaced by a file: stored once, the move retried with back-off, logged once, lands when fixed",
          .timeLimit(.minutes(3)))
    func processedIsAFile() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        try await harness.run { daemon in
            try FileManager.default.removeItem(atPath: harness.processed)
            try Data("not a folder".utf8).write(to: URL(fileURLWithPath: harness.processed))
            try writeInPlace(Data(Hostile.page("cannot leave").utf8), to: harness.inbox + "/p.txt")
            #expect(await eventually(timeout: .seconds(20)) { (try? harness.stats().pages) == 1 })
            // Several back-off rounds: today's code re-commits every ~250 ms.
            try await Task.sleep(for: .seconds(4))
            #expect(try harness.stats().duplicates == 0, "the stored page was committed again")
            #expect(try GazetteStore(path: harness.config.store, readOnly: true).files().count == 1)
            #expect(listing(harness.inbox) == ["p.txt"])
            #expect(harness.logs.count(of: GazetteEvent.dispositionFailed.messageID) == 1)
            #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) == 0, "no false recovery")
            #expect(harness.logs.count(of: GazetteEvent.fileStored.messageID) == 1)
            let line = daemon.status.figures.line
            #expect(line.contains("1 stored but stuck in the inbox"), "\(line)")
            // Fixed: the page lands, one line says so, still one row.
            try FileManager.default.removeItem(atPath: harness.processed)
            try FileManager.default.createDirectory(atPath: harness.processed, withIntermediateDirectories: false)
            let landed = await emptied(harness.inbox, timeout: .seconds(45))
            #expect(landed, "\(daemon.status.figures.line)")
            #expect(await eventually(timeout: .seconds(5)) { !daemon.status.figures.line.contains("stuck") })
        }
        #expect(listing(harness.processed) == ["\(Self.today)/p.txt"])
        #expect(try harness.stats().duplicates == 0)
        #expect(harness.logs.count(of: GazetteEvent.transientRecovered.messageID) == 1)
        #expect(harness.logs.count(of: GazetteEvent.dispositionFailed.messageID) == 1)
    }

    @Test("an immutable day folder (chattr +i): no duplicate rows, the page waits and lands once writable",
          .timeLimit(.minutes(3)))
    func immutableDayFolder() async throws {
        let harness = DaemonHarness()
        let day = harness.processed + "/" + Self.today
        try FileManager.default.createDirectory(atPath: day, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        guard getuid() == 0, Self.chattr("+i", day) else {
            print("note: chattr +i needs root and a filesystem with the immutable flag; skipped")
            return
        }
        defer { _ = Self.chattr("-i", day) }
        try await harness.run { daemon in
            try writeInPlace(Data(Hostile.page("immutable").utf8), to: harness.inbox + "/p.txt")
            #expect(await eventually(timeout: .seconds(20)) { (try? harness.stats().pages) == 1 })
            try await Task.sleep(for: .seconds(4))
            #expect(try harness.stats().duplicates == 0, "the stored page was committed again")
            #expect(listing(harness.inbox) == ["p.txt"])
            #expect(harness.logs.count(of: GazetteEvent.dispositionFailed.messageID) == 1)
            #expect(Self.chattr("-i", day))
            let landed = await emptied(harness.inbox, timeout: .seconds(45))
            #expect(landed, "\(daemon.status.figures.line)")
        }
        #expect(listing(harness.processed) == ["\(Self.today)/p.txt"])
        #expect(try harness.stats().duplicates == 0)
    }

    @Test("a page stored just before a crash and found in the inbox again is moved, not counted as a duplicate",
          .timeLimit(.minutes(2)))
    func storedBeforeCrash() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox + "/江门日报", withIntermediateDirectories: true)
        try writeInPlace(Data(Hostile.page("crash").utf8), to: harness.inbox + "/江门日报/p.txt")
        try await harness.run { _ in
            #expect(await emptied(harness.inbox, timeout: .seconds(20)))
        }
        // As if the daemon had died between the commit and the move.
        let moved = harness.processed + "/" + Self.today + "/江门日报/p.txt"
        try FileManager.default.moveItem(atPath: moved, toPath: harness.inbox + "/江门日报/p.txt")
        try await harness.run { daemon in
            let drained = await emptied(harness.inbox, timeout: .seconds(20))
            #expect(drained)
            #expect(daemon.status.figures.duplicates == 0)
        }
        #expect(try harness.stats().duplicates == 0)
        #expect(try harness.stats().pages == 1)
        // The same bytes under another name are a duplicate still.
        try writeInPlace(Data(Hostile.page("crash").utf8), to: harness.inbox + "/江门日报/copy.txt")
        try await harness.run { _ in
            #expect(await emptied(harness.inbox, timeout: .seconds(20)))
        }
        #expect(try harness.stats().duplicates == 1)
    }
}

/// Waits until no file is left under `path` (a function, not a closure: the Swift 6.3
/// compiler crashed or skipped the `eventually` closure in these tests' daemon bodies).
func emptied(_ path: String, timeout: Duration) async -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if listing(path).isEmpty { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return listing(path).isEmpty
}

/// Files under `path`, listed with readdir, sorted.
func listing(_ path: String) -> [String] {
    let result = Hostile.rawTree(path).map { String(decoding: $0, as: UTF8.self) }.sorted()
    return result
}
