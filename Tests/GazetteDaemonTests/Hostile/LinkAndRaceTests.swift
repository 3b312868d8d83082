#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteStore
import Testing

/// What a producer with write access to the inbox can do with links and renames: swap a
/// subfolder for a link while its files are queued, rename a new version over a file
/// being processed, hard-link a file it cannot read into the inbox. None of it may make
/// the daemon read or move a file outside the inbox, or move a file it did not store.
@Suite("Hostile: links and renames (issue 14)", .serialized)
struct LinkAndRaceTests {
    /// Every regular file under `path` (following nothing), with its SHA-256.
    static func hashes(under path: String) -> [String: String] {
        var result: [String: String] = [:]
        for name in FileManager.default.files(under: path) {
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  let data = FileManager.default.contents(atPath: path + "/" + name) else { continue }
            result[name] = sha256Hex(data)
        }
        return result
    }

    /// Writes under a temporary name and renames over `path` with rename(2), replacing
    /// whatever is there, as producers publishing a new version do.
    static func renameOver(_ data: Data, to path: String) throws {
        let temporary = path + ".part"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Waits until nothing (not even a link) is at `path`.
    static func gone(_ path: String, timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        var info = stat()
        while ContinuousClock.now < end {
            if lstat(path, &info) != 0 { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return lstat(path, &info) != 0
    }

    @Test("a subfolder swapped for a link mid-queue: nothing outside the inbox is read, stored or moved",
          .timeLimit(.minutes(5)))
    func subfolderSwappedForLink() async throws {
        let harness = DaemonHarness()
        let outside = TestDirectory("outside")
        let paper = harness.inbox + "/paper"
        try FileManager.default.createDirectory(atPath: paper, withIntermediateDirectories: true)
        let count = 1500
        var outsideHashes: Set<String> = []
        for index in 0..<count {
            try Data(Hostile.page("inside \(index)").utf8).write(to: URL(fileURLWithPath: paper + "/f\(index).txt"))
            let secret = Data(Hostile.page("OUTSIDE \(index)").utf8)
            try secret.write(to: URL(fileURLWithPath: outside.sub("f\(index).txt")))
            outsideHashes.insert(sha256Hex(secret))
        }
        let hidden = harness.inbox + "/.paper-moved-away"
        try await harness.run { daemon in
            // Wait until the daemon is working through the folder, then swap it for a link
            // to a folder with files of the same names.
            let started = await eventually(timeout: .seconds(120)) { !harness.processedFiles.isEmpty }
            #expect(started)
            #expect(rename(paper, hidden) == 0)
            #expect(symlink(outside.path, paper) == 0)
            // The queue drains; the link itself (a top-level entry now) is quarantined as one.
            let settled = await Self.gone(paper, timeout: .seconds(180))
            #expect(settled, "\(daemon.status.figures.line)")
            #expect(await eventually(timeout: .seconds(120)) { daemon.status.figures.queue == 0 })
        }
        let left = FileManager.default.files(under: hidden).count
        print("subfolder swap: \(left) of \(count) queued files were still in the real folder when it was swapped for a link")
        #expect(left > 0, "the swap came after the whole folder was processed: the test proved nothing")
        // Every file outside is still there, unchanged; none of them was stored or moved.
        #expect(Set(Self.hashes(under: outside.path).values) == outsideHashes)
        let stored = Set(try GazetteStore(path: harness.config.store, readOnly: true).files().map(\.sha256))
        #expect(stored.isDisjoint(with: outsideHashes), "\(stored.intersection(outsideHashes).count) files from outside stored")
        #expect(Set(Self.hashes(under: harness.processed).values).isDisjoint(with: outsideHashes))
        var info = stat()
        #expect(lstat(harness.failed + "/paper", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK,
                "the link is quarantined as a link")
    }

    @Test("a new version renamed over a file being processed is never moved unread (300 trials)",
          .timeLimit(.minutes(5)))
    func renameOverRace() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        let trials = 300
        var latest: Set<String> = []
        var generator = SystemRandomNumberGenerator()
        try await harness.run { daemon in
            for trial in 0..<trials {
                let path = harness.inbox + "/f\(trial % 7).txt"
                try Self.renameOver(Data(Hostile.page("race \(trial) first").utf8), to: path)
                try await Task.sleep(for: .microseconds(Int.random(in: 0...4000, using: &generator)))
                let second = Data(Hostile.page("race \(trial) second").utf8)
                try Self.renameOver(second, to: path)
                latest.insert(sha256Hex(second))
                let drained = await emptied(harness.inbox, timeout: .seconds(20))
                #expect(drained, "trial \(trial): \(harness.inboxFiles) left; \(daemon.status.figures.line)")
                if !drained { break }
            }
        }
        let replaced = harness.logs.all.filter { $0.message.contains("was replaced after it was read") }.count
        print("rename-over race: \(replaced) of \(trials) trials found another file at the name when moving")
        let stored = Set(try GazetteStore(path: harness.config.store, readOnly: true).files().map(\.sha256))
        let moved = Self.hashes(under: harness.processed)
        let unread = moved.filter { !stored.contains($0.value) }
        #expect(unread.isEmpty, "\(unread.count) of \(moved.count) files in processed/ were never stored: \(unread.keys.sorted().prefix(5))")
        #expect(latest.isSubset(of: stored), "\(latest.subtracting(stored).count) final versions were never stored")
    }

    @Test("a file hard-linked into the inbox is refused (unless accept_hard_links)", .timeLimit(.minutes(2)))
    func hardLinkRefused() async throws {
        let harness = DaemonHarness()
        let outside = TestDirectory("secret")
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        let secret = Data(Hostile.page("a secret the producer cannot read").utf8)
        try secret.write(to: URL(fileURLWithPath: outside.sub("secret.txt")))
        chmod(outside.sub("secret.txt"), 0o600)
        try await harness.run { daemon in
            #expect(link(outside.sub("secret.txt"), harness.inbox + "/x.txt") == 0)
            let quarantined = await emptied(harness.inbox, timeout: .seconds(20))
            #expect(quarantined, "\(daemon.status.figures.line)")
        }
        let reason = try Data(contentsOf: URL(fileURLWithPath: harness.failed + "/x.txt.reason.json"))
        let object = try JSONSerialization.jsonObject(with: reason) as? [String: Any]
        #expect(object?["code"] as? String == "hard-link")
        #expect((object?["message"] as? String)?.contains("hard links") == true)
        #expect(try GazetteStore(path: harness.config.store, readOnly: true).files().isEmpty)
        #expect(FileManager.default.contents(atPath: outside.sub("secret.txt")) == secret)

        // Trusted producers: the same link is read and stored.
        let trusting = DaemonHarness("trusting") { $0.acceptHardLinks = true }
        try FileManager.default.createDirectory(atPath: trusting.inbox, withIntermediateDirectories: true)
        try await trusting.run { _ in
            #expect(link(outside.sub("secret.txt"), trusting.inbox + "/x.txt") == 0)
            #expect(await emptied(trusting.inbox, timeout: .seconds(20)))
        }
        #expect(try GazetteStore(path: trusting.config.store, readOnly: true).files().map(\.sha256) == [sha256Hex(secret)])
    }
}
